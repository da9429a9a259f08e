using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.Deployments;
using FleetPortal.Core.Deferrals;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Tests;

public sealed class DeferralRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Reminder = TimeSpan.FromHours(1);
    private static readonly TimeSpan Tomorrow = TimeSpan.FromHours(20);

    [Fact]
    public void Ask_WithTimeAndDeferralsLeft_OffersLaterAndTomorrow()
    {
        var plan = DeferralRules.Plan(PromptMode.Ask, Policy(deadlineIn: TimeSpan.FromDays(3)), 0, Now, Reminder, Tomorrow);

        Assert.Null(plan.InstallNow);
        Assert.Equal(Now + Reminder, plan.LaterUntil);
        Assert.Equal(Now + Tomorrow, plan.TomorrowUntil);
    }

    [Fact]
    public void Ask_NearTheDeadline_RemindsSooner_AndDropsTomorrow()
    {
        var plan = DeferralRules.Plan(PromptMode.Ask, Policy(deadlineIn: TimeSpan.FromMinutes(40)), 0, Now, Reminder, Tomorrow);

        Assert.Equal(Now + TimeSpan.FromMinutes(20), plan.LaterUntil);
        Assert.Null(plan.TomorrowUntil);
    }

    [Fact]
    public void Ask_PastTheDeadline_InstallsAndSaysWhy()
    {
        var plan = DeferralRules.Plan(PromptMode.Ask, Policy(deadlineIn: TimeSpan.FromMinutes(-1)), 0, Now, Reminder, Tomorrow);

        Assert.Equal(DecisionKind.Forced, plan.InstallNow);
        Assert.Contains("deadline", plan.Reason);
    }

    [Fact]
    public void Ask_WithEveryDeferralUsed_Installs()
    {
        var plan = DeferralRules.Plan(PromptMode.Ask, Policy(deadlineIn: TimeSpan.FromDays(3), max: 2), 2, Now, Reminder, Tomorrow);

        Assert.Equal(DecisionKind.Forced, plan.InstallNow);
    }

    [Fact]
    public void AskAlways_PastTheDeadline_StillAsks()
    {
        var plan = DeferralRules.Plan(PromptMode.AskAlways, Policy(deadlineIn: TimeSpan.FromDays(-1), max: 0), 5, Now, Reminder, Tomorrow);

        Assert.Null(plan.InstallNow);
        Assert.Equal(Now + Reminder, plan.LaterUntil);
    }

    [Fact]
    public void Auto_InstallsWithoutAsking()
    {
        Assert.Equal(DecisionKind.Unattended, DeferralRules.Plan(PromptMode.Auto, Policy(TimeSpan.FromDays(3)), 0, Now, Reminder, Tomorrow).InstallNow);
    }

    [Theory]
    [InlineData("ask", PromptMode.Ask, PromptMode.Ask)]
    [InlineData("ask", PromptMode.Auto, PromptMode.Auto)]
    [InlineData("auto", PromptMode.Ask, PromptMode.Auto)]
    [InlineData("ask-always", PromptMode.Ask, PromptMode.AskAlways)]
    [InlineData("ask-always", PromptMode.Auto, PromptMode.Auto)]
    public void LocalPolicy_CombinesWithTheDeployments(string local, PromptMode deployment, PromptMode effective) =>
        Assert.Equal(effective, LocalPromptPolicy.Effective(local, deployment));

    private static PromptPolicy Policy(TimeSpan deadlineIn, int max = 3) => new(PromptMode.Ask, max, 0, Now + deadlineIn);
}
