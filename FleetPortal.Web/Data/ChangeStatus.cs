namespace FleetPortal.Web.Data;

public enum ChangeStatus
{
    Open,
    Approved,
    Rejected,
    Withdrawn,
}
