using FleetPortal.Core.Deferrals;

namespace FleetPortal.Web.Data;

/// <summary>
/// A request for one host to rebuild to one revision (or roll back to one generation), from the
/// moment it is approved until the agent reports the result.
/// </summary>
public sealed class Deployment
{
    /// <summary>Also the id the agent sees, so a repeated delivery is recognised and harmless.</summary>
    public Guid Id { get; set; }

    public int HostId { get; set; }

    public Host? Host { get; set; }

    public DeploymentAction Action { get; set; }

    /// <summary>The revision to build; for a rollback, the revision the host returns to if known.</summary>
    public int RevisionNumber { get; set; }

    /// <summary>For a rollback: the system generation to switch back to.</summary>
    public int? RollbackGeneration { get; set; }

    public DeploymentStatus Status { get; set; }

    public int? ChangeRequestId { get; set; }

    /// <summary>
    /// For a deployment made by a rollout: the one audit event that records the rollout for all its
    /// hosts, which names the rollout (<see cref="Services.Deployments.RolloutProgress"/>). No foreign key:
    /// a rollout of 10,000 hosts would check it 10,000 times.
    /// </summary>
    public long? RolloutEventId { get; set; }

    /// <summary>Who asked for it, in words.</summary>
    public required string RequestedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was last sent to the agent; null while it waits for the host to connect.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>When the agent confirmed it had received it.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }

    public PromptMode PromptMode { get; set; }

    public int MaxDeferrals { get; set; }

    /// <summary>After this moment the agent installs without asking (unless the mode never forces).</summary>
    public DateTimeOffset Deadline { get; set; }

    public int DeferralCount { get; set; }

    public DateTimeOffset? DeferredUntil { get; set; }

    /// <summary>
    /// When the portal recorded that <see cref="Deadline"/> passed before the rebuild started: from
    /// then on the agent installs without asking at its next contact.
    /// </summary>
    public DateTimeOffset? DeadlinePassedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The system generation the machine runs after a successful rebuild.</summary>
    public int? ResultGeneration { get; set; }

    public int? ExitCode { get; set; }

    /// <summary>Why it failed or was cancelled, in words (with the tail of the log for a failed rebuild).</summary>
    public string? Error { get; set; }

    public List<DeploymentLogLine> LogLines { get; set; } = [];
}
