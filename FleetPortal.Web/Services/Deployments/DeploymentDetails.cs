using FleetPortal.Core.Deferrals;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// A deployment with its deferral policy and its log so far. <paramref name="DeadlinePassedAt"/>:
/// when the portal recorded that the deadline passed before the rebuild started. <paramref name="Rollout"/>:
/// for a deployment made by a rollout, the rollout in words, as its audit event records it, and
/// <paramref name="RolloutId"/> the id that names it (see <see cref="RolloutProgress"/>).
/// </summary>
public sealed record DeploymentDetails(
    DeploymentSummary Deployment,
    PromptMode PromptMode,
    int MaxDeferrals,
    DateTimeOffset? DeferredUntil,
    DateTimeOffset? SentAt,
    DateTimeOffset? AcknowledgedAt,
    IReadOnlyList<DeploymentLogEntry> Log,
    DateTimeOffset? DeadlinePassedAt = null,
    string? Rollout = null,
    long? RolloutId = null);
