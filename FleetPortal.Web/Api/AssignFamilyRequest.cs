namespace FleetPortal.Web.Api;

/// <summary>The family to move a host into; null takes it out of any family.</summary>
public sealed record AssignFamilyRequest(int? FamilyId);
