namespace FleetPortal.Web.Data;

public enum ChangeKind
{
    /// <summary>Proposed by a person in the portal or through the API.</summary>
    StaffEdit,

    /// <summary>Asked for by the person at the desk with <c>fleetportal-agent request</c>.</summary>
    DeskRequest,
}
