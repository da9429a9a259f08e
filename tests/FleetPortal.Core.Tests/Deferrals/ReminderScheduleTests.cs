using FleetPortal.Core.Deferrals;

namespace FleetPortal.Core.Tests.Deferrals;

public sealed class ReminderScheduleTests
{
    private static TimeSpan Hours(double h) => TimeSpan.FromHours(h);

    [Fact]
    public void Default_IsNudgesRefreshCycles()
    {
        var schedule = ReminderSchedule.Default;

        Assert.Equal(Hours(5), schedule.IntervalFor(Hours(73)));
        Assert.Equal(TimeSpan.FromMinutes(100), schedule.IntervalFor(Hours(72)));
        Assert.Equal(TimeSpan.FromMinutes(10), schedule.IntervalFor(Hours(24)));
        Assert.Equal(TimeSpan.FromMinutes(5), schedule.IntervalFor(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMinutes(5), schedule.IntervalFor(Hours(-3)));
    }

    [Fact]
    public void Constructor_RefusesAZeroInterval()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ReminderSchedule(Hours(5), Hours(72), Hours(1), Hours(24), TimeSpan.Zero, TimeSpan.Zero));
        Assert.Contains("longer than zero", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RefusesAnImminentWindowWiderThanTheApproachingOne()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ReminderSchedule(Hours(5), Hours(24), Hours(1), Hours(48), Hours(0.5), Hours(0.1)));
        Assert.Contains("must be shorter than the approaching window", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RefusesRemindersThatComeLessOftenNearTheDeadline()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ReminderSchedule(Hours(1), Hours(72), Hours(2), Hours(24), Hours(0.5), Hours(0.1)));
        Assert.Contains("at least as often as the deadline nears", exception.Message, StringComparison.Ordinal);
    }
}
