namespace FleetPortal.Web.Api;

/// <summary>Hostnames to make enrolment codes for, and the family the new hosts join (optional).</summary>
public sealed record EnrolmentCodeBatchRequest(IReadOnlyList<string>? HostNames, int? FamilyId = null);
