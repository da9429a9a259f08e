using FleetPortal.Core.Deferrals;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>The deferral policy of a host that belongs to no family: the same as a new family's.</summary>
public static class DeploymentDefaults
{
    public const PromptMode PromptMode = Core.Deferrals.PromptMode.Ask;

    public const int MaxDeferrals = 3;

    public static readonly TimeSpan DeferralDeadline = TimeSpan.FromDays(3);
}
