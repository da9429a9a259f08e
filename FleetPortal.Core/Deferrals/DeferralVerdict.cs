namespace FleetPortal.Core.Deferrals;

/// <summary>What the agent does with a rebuild that is ready, according to the deferral policy.</summary>
public enum DeferralVerdict
{
    /// <summary>Ask "Upgrade now" or "Later" with the offered choices.</summary>
    Ask,

    /// <summary>Install now and tell the person why (no deferrals left, or the deadline is reached).</summary>
    InstallNow,

    /// <summary>Install without asking: the policy is <see cref="PromptMode.Auto"/>.</summary>
    InstallWithoutAsking,
}
