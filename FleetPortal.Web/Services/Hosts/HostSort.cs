namespace FleetPortal.Web.Services.Hosts;

public enum HostSort
{
    Name,
    Family,
    LastSeen,
    Revision,
}
