using FleetPortal.Core.Deferrals;

namespace FleetPortal.Web.Api;

/// <summary>A family to create, with its rules for changes and for the upgrade prompt.</summary>
public sealed record CreateFamilyRequest(
    string Name,
    bool RequiresSecondApprover = false,
    PromptMode PromptMode = PromptMode.Ask,
    int MaxDeferrals = 3,
    double DeferralDeadlineHours = 72);
