using FleetPortal.Core.Protocol;

namespace FleetPortal.Web.Services.Agents;

/// <summary>The result of redeeming an enrolment code: a receipt, or an HTTP status and why not.</summary>
public sealed record EnrolmentOutcome(EnrolmentReceipt? Receipt, int Status, string? Error)
{
    public static EnrolmentOutcome Refused(int status, string error) => new(null, status, error);
}
