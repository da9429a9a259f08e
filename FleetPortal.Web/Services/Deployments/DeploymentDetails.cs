using FleetPortal.Core.Deferrals;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// A deployment with its deferral policy and its log so far. <paramref name="DeadlinePassedAt"/>:
/// when the portal recorded that the deadline passed before the rebuild started.
/// </summary>
public sealed record DeploymentDetails(
    DeploymentSummary Deployment,
    PromptMode PromptMode,
    int MaxDeferrals,
    DateTimeOffset? DeferredUntil,
    DateTimeOffset? SentAt,
    DateTimeOffset? AcknowledgedAt,
    IReadOnlyList<DeploymentLogEntry> Log,
    DateTimeOffset? DeadlinePassedAt = null);
