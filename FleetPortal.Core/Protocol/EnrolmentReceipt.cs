namespace FleetPortal.Core.Protocol;

/// <summary>
/// The answer to a successful enrolment. The token is shown once and never again.
/// <see cref="ConfigurationImported"/> says whether the uploaded files became revision 1: a host
/// that already has revisions keeps them, and the upload of a re-enrolment is not used.
/// </summary>
public sealed record EnrolmentReceipt(int HostId, string HostName, string Token, int RevisionNumber, bool ConfigurationImported = true);
