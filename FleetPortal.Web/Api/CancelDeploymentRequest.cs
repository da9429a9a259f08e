namespace FleetPortal.Web.Api;

/// <summary>Why a deployment is cancelled; optional, at most 500 characters, kept in its error and the audit log.</summary>
public sealed record CancelDeploymentRequest(string? Reason);
