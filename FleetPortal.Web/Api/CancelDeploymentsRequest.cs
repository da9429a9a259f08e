namespace FleetPortal.Web.Api;

/// <summary>
/// Whose deployments that have not started to cancel: a family's hosts, or the hosts named; and why
/// (optional, at most 500 characters, kept in each deployment's error and the audit log).
/// </summary>
public sealed record CancelDeploymentsRequest(int? FamilyId = null, IReadOnlyList<string>? Hosts = null, string? Reason = null);
