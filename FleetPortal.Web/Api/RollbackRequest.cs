namespace FleetPortal.Web.Api;

/// <summary>The earlier system generation to switch the machine back to.</summary>
public sealed record RollbackRequest(int Generation);
