using FleetPortal.Core.Deferrals;

namespace FleetPortal.Web.Services.Families;

/// <summary>A family to create, with its rules for changes and for the upgrade prompt.</summary>
public sealed record NewFamily(
    string Name,
    bool RequiresSecondApprover = false,
    PromptMode PromptMode = PromptMode.Ask,
    int MaxDeferrals = 3,
    TimeSpan? DeferralDeadline = null);
