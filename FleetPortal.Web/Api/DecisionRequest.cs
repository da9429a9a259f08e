namespace FleetPortal.Web.Api;

/// <summary>A decision's comment: optional to approve, required to reject.</summary>
public sealed record DecisionRequest(string? Comment = null);
