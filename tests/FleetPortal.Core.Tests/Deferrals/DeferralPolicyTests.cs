using FleetPortal.Core.Deferrals;
using Microsoft.Extensions.Time.Testing;

namespace FleetPortal.Core.Tests.Deferrals;

public sealed class DeferralPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);

    private static DeferralPolicy Ask(int maxDeferrals = 3, TimeSpan? untilDeadline = null) =>
        new(PromptMode.Ask, maxDeferrals, Now + (untilDeadline ?? TimeSpan.FromDays(3)));

    [Fact]
    public void Decide_WellBeforeTheDeadline_OffersAnHourAndADay()
    {
        var decision = Ask().Decide(deferralsSoFar: 0, time);

        Assert.Equal(DeferralVerdict.Ask, decision.Verdict);
        Assert.True(decision.MayDefer);
        Assert.Equal([new DeferralChoice(TimeSpan.FromHours(1), Now.AddHours(1)), new DeferralChoice(TimeSpan.FromDays(1), Now.AddDays(1))], decision.Choices);
        Assert.Equal(["1 hour", "1 day"], decision.Choices.Select(c => c.Label));
        Assert.Equal(3, decision.DeferralsLeft);
        Assert.Equal(Now.AddDays(3), decision.Deadline);
        Assert.Equal("You may postpone this update 3 more times; it installs by 2026-11-28 09:00 UTC.", decision.Reason);
    }

    [Fact]
    public void Decide_WithADayOrLessLeft_OffersOnlyAnHour()
    {
        var decision = Ask(untilDeadline: TimeSpan.FromHours(24)).Decide(0, time);

        Assert.Equal([TimeSpan.FromHours(1)], decision.Choices.Select(c => c.Length));
    }

    [Fact]
    public void Decide_WithLessThanAnHourLeft_OffersToWaitUntilTheDeadlineButNotPastIt()
    {
        var decision = Ask(untilDeadline: TimeSpan.FromMinutes(25)).Decide(0, time);

        var choice = Assert.Single(decision.Choices);
        Assert.Equal(Now.AddMinutes(25), choice.Until);
        Assert.Equal("25 minutes", choice.Label);
    }

    [Fact]
    public void Decide_AsTimePasses_NeverOffersAChoicePastTheDeadline()
    {
        var policy = Ask(untilDeadline: TimeSpan.FromHours(30));
        for (var step = 0; step < 30 * 4; step++)
        {
            var decision = policy.Decide(0, time);
            Assert.All(decision.Choices, c => Assert.True(c.Until <= policy.Deadline, $"{c.Label} ends at {c.Until}, after the deadline {policy.Deadline}."));
            Assert.Equal(policy.Deadline - time.GetUtcNow() > TimeSpan.FromDays(1), decision.Choices.Any(c => c.Length == TimeSpan.FromDays(1)));
            time.Advance(TimeSpan.FromMinutes(15));
        }
    }

    [Fact]
    public void Decide_AtTheDeadline_InstallsNowAndSaysWhy()
    {
        time.Advance(TimeSpan.FromDays(3));
        var decision = Ask().Decide(0, time);

        Assert.Equal(DeferralVerdict.InstallNow, decision.Verdict);
        Assert.False(decision.MayDefer);
        Assert.Empty(decision.Choices);
        Assert.Contains("deadline", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WhenEveryDeferralIsUsed_InstallsNow()
    {
        var policy = Ask(maxDeferrals: 2);

        Assert.Equal(1, policy.Decide(1, time).DeferralsLeft);
        Assert.Equal("You may postpone this update 1 more time; it installs by 2026-11-28 09:00 UTC.", policy.Decide(1, time).Reason);
        var decision = policy.Decide(2, time);
        Assert.Equal(DeferralVerdict.InstallNow, decision.Verdict);
        Assert.Equal("This update has been postponed 2 times, the most allowed.", decision.Reason);
    }

    [Fact]
    public void Decide_WithNoDeferralsAllowed_InstallsNow() =>
        Assert.Equal("This update cannot be postponed.", Ask(maxDeferrals: 0).Decide(0, time).Reason);

    [Fact]
    public void Decide_WhenTheModeIsAuto_InstallsWithoutAsking()
    {
        var decision = new DeferralPolicy(PromptMode.Auto, 3, Now.AddDays(3)).Decide(0, time);

        Assert.Equal(DeferralVerdict.InstallWithoutAsking, decision.Verdict);
        Assert.Empty(decision.Choices);
    }

    [Fact]
    public void Decide_WhenTheModeIsAskAlways_NeverForces_EvenPastTheDeadlineAndTheCount()
    {
        var policy = new DeferralPolicy(PromptMode.AskAlways, 1, Now.AddHours(2));
        time.Advance(TimeSpan.FromDays(10));

        var decision = policy.Decide(deferralsSoFar: 50, time);

        Assert.Equal(DeferralVerdict.Ask, decision.Verdict);
        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromDays(1)], decision.Choices.Select(c => c.Length));
        Assert.Null(decision.DeferralsLeft);
        Assert.Null(decision.Deadline);
        Assert.Equal(time.GetUtcNow() + ReminderSchedule.Default.Elapsed, decision.RemindAt);
    }

    [Theory]
    [InlineData(100, 5 * 60)]
    [InlineData(72, 100)]
    [InlineData(30, 100)]
    [InlineData(24, 10)]
    [InlineData(2, 10)]
    public void Decide_RemindsMoreOftenAsTheDeadlineNears(int hoursLeft, int minutesBetweenReminders) =>
        Assert.Equal(Now.AddMinutes(minutesBetweenReminders), Ask(untilDeadline: TimeSpan.FromHours(hoursLeft)).Decide(0, time).RemindAt);

    [Fact]
    public void Decide_NeverRemindsAfterTheDeadline() =>
        Assert.Equal(Now.AddMinutes(4), Ask(untilDeadline: TimeSpan.FromMinutes(4)).Decide(0, time).RemindAt);

    [Fact]
    public void CheckDeferral_AcceptsAnOfferedChoice()
    {
        var policy = Ask();
        foreach (var choice in policy.Decide(0, time).Choices)
        {
            Assert.Null(policy.CheckDeferral(choice.Until, 0, time));
        }
    }

    [Fact]
    public void CheckDeferral_RefusesWhatThePolicyDoesNotAllow()
    {
        var policy = Ask(maxDeferrals: 1, untilDeadline: TimeSpan.FromHours(10));

        Assert.Contains("in the future", policy.CheckDeferral(Now, 0, time), StringComparison.Ordinal);
        Assert.Contains("after the deadline", policy.CheckDeferral(Now.AddHours(11), 0, time), StringComparison.Ordinal);
        Assert.Contains("the most allowed", policy.CheckDeferral(Now.AddHours(1), 1, time), StringComparison.Ordinal);
        Assert.Contains("at most one day", new DeferralPolicy(PromptMode.AskAlways, 0, Now).CheckDeferral(Now.AddDays(2), 0, time), StringComparison.Ordinal);
        Assert.Contains("without asking", new DeferralPolicy(PromptMode.Auto, 3, Now.AddDays(1)).CheckDeferral(Now.AddHours(1), 0, time), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RefusesANegativeNumberOfDeferrals()
    {
        var exception = Assert.Throws<ArgumentException>(() => new DeferralPolicy(PromptMode.Ask, -1, Now));
        Assert.Contains("cannot be negative", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RefusesAnUnknownMode() =>
        Assert.Throws<ArgumentException>(() => new DeferralPolicy((PromptMode)42, 1, Now));
}
