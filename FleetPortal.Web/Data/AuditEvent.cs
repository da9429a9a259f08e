namespace FleetPortal.Web.Data;

/// <summary>One recorded step: who did what, to which host, when. Never changed once written.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Who acted, in words: a person, "agent of alice-laptop", or "alice at alice-laptop".</summary>
    public required string Actor { get; set; }

    public string? ActorUserId { get; set; }

    /// <summary>What happened, as a dotted name such as <c>change.approved</c> (see <see cref="AuditActions"/>).</summary>
    public required string Action { get; set; }

    public int? HostId { get; set; }

    public string? HostName { get; set; }

    public int? ChangeRequestId { get; set; }

    public Guid? DeploymentId { get; set; }

    /// <summary>The step in a sentence a person can read.</summary>
    public string Details { get; set; } = "";
}
