namespace FleetPortal.Web.Services.Overview;

/// <summary>
/// How many of the hosts a person sees are in each state. Online and offline split the fleet; the
/// others are conditions a host may share (a failed host can also need a reboot).
/// </summary>
public sealed record FleetCounts(
    int Total,
    int Online,
    int Offline,
    int UpToDate,
    int UpdatePending,
    int Deferred,
    int Failed,
    int RebootNeeded);
