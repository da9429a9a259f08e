namespace FleetPortal.Web.Api;

/// <summary>A host to add: its hostname (lower case, as in networking.hostName) and optionally its family.</summary>
public sealed record CreateHostRequest(string Name, int? FamilyId = null);
