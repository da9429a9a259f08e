using FleetPortal.Core.Deferrals;

namespace FleetPortal.Web.Services.Families;

public sealed record FamilySummary(
    int Id,
    string Name,
    bool RequiresSecondApprover,
    PromptMode PromptMode,
    int MaxDeferrals,
    TimeSpan DeferralDeadline,
    int HostCount);
