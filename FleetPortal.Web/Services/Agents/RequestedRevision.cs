namespace FleetPortal.Web.Services.Agents;

/// <summary>What a rebuild request says of the revision it deploys: its hash, and its change in words.</summary>
/// <param name="HostId">The host whose revision it is.</param>
/// <param name="Number">The revision's number.</param>
/// <param name="ContentHash">The bundle's content hash.</param>
/// <param name="Summary">What it changes against the revision before it, such as "firefox, vlc added".</param>
public sealed record RequestedRevision(int HostId, int Number, string ContentHash, string Summary);
