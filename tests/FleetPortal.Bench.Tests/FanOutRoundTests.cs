using System.Diagnostics;

namespace FleetPortal.Bench.Tests;

public sealed class FanOutRoundTests
{
    private static long MillisecondsAgo(double milliseconds, long now) => now - (long)(milliseconds * Stopwatch.Frequency / 1000);

    [Fact]
    public void FromFirstSend_MeasuresEveryReceiptFromTheEarliestSend_WhereFromTheServersSendMeasuresEachFromItsOwn()
    {
        var round = new FanOutRound(4);
        round.Start();
        var now = MonotonicClock.Now();

        // Sent one second, 0.9 s and 0.8 s ago; the fourth host hears nothing.
        round.Receive(0, MillisecondsAgo(1000, now));
        round.Receive(1, MillisecondsAgo(900, now));
        round.Receive(2, MillisecondsAgo(800, now));

        var fromFirst = round.FromFirstSend();
        var fromOwn = round.FromServerSend();
        Assert.Equal(3, fromFirst.Count);
        Assert.InRange(fromFirst.P50, 1000, 1500);
        Assert.InRange(fromFirst.Max - fromOwn.Max, -1, 1);
        Assert.InRange(fromFirst.P50 - fromOwn.P50, 99, 101);
    }

    [Fact]
    public void FromFirstSend_OfARoundNobodyHeard_HasNoFigures()
    {
        var round = new FanOutRound(2);
        round.Start();

        Assert.Equal(0, round.FromFirstSend().Count);
    }
}
