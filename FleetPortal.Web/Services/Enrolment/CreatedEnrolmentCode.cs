namespace FleetPortal.Web.Services.Enrolment;

/// <summary>A new enrolment code. <see cref="Code"/> is shown this once; only its hash is stored.</summary>
public sealed record CreatedEnrolmentCode(int Id, string HostName, int? FamilyId, string Code, DateTimeOffset ExpiresAt);
