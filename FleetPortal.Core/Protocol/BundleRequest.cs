namespace FleetPortal.Core.Protocol;

/// <summary>Asks the hub for the bundle of one revision of the connection's own host (<see cref="IAgentHub.DownloadBundle"/>).</summary>
public sealed record BundleRequest(int RevisionNumber);
