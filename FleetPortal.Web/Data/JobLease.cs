namespace FleetPortal.Web.Data;

/// <summary>
/// Who runs one piece of periodic work across the portal processes, and until when. A process
/// holds it by renewing it; one that dies stops renewing, and after <see cref="ExpiresAt"/>
/// another takes it.
/// </summary>
public sealed class JobLease
{
    /// <summary>The job's name, e.g. <c>enrolment-codes.expiry</c>.</summary>
    public required string Name { get; set; }

    /// <summary>The portal process that holds it (see <c>PortalProcess</c>).</summary>
    public required string Holder { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
