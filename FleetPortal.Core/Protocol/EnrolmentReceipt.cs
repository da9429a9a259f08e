namespace FleetPortal.Core.Protocol;

/// <summary>The answer to a successful enrolment. The token is shown once and never again.</summary>
public sealed record EnrolmentReceipt(int HostId, string HostName, string Token, int RevisionNumber);
