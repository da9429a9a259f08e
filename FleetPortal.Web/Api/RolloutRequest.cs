namespace FleetPortal.Web.Api;

/// <summary>Where to roll out each host's current revision: a family, or a list of hostnames.</summary>
public sealed record RolloutRequest(int? FamilyId = null, IReadOnlyList<string>? Hosts = null);
