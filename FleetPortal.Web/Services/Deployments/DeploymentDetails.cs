using FleetPortal.Core.Deferrals;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>A deployment with its deferral policy and its log so far.</summary>
public sealed record DeploymentDetails(
    DeploymentSummary Deployment,
    PromptMode PromptMode,
    int MaxDeferrals,
    DateTimeOffset? DeferredUntil,
    DateTimeOffset? SentAt,
    DateTimeOffset? AcknowledgedAt,
    IReadOnlyList<DeploymentLogEntry> Log);
