namespace FleetPortal.Web.Api;

/// <summary>The family a newly enrolled host joins (optional).</summary>
public sealed record EnrolmentCodeRequest(int? FamilyId = null);
