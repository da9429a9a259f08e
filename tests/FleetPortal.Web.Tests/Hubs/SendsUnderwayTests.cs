using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FleetPortal.Web.Tests.Hubs;

/// <summary>Bundles wait for the sends underway: until the last one ends, or for a few seconds at the most.</summary>
public sealed class SendsUnderwayTests
{
    private readonly FakeTimeProvider time = new();
    private readonly SendsUnderway sends = new();

    [Fact]
    public void WithNothingUnderway_NothingWaits() => Assert.True(sends.WhenNoneAsync(time).IsCompletedSuccessfully);

    [Fact]
    public async Task Waiting_EndsWhenTheLastSendEnds_NotTheFirst()
    {
        var first = sends.Begin();
        var second = sends.Begin();
        var waiting = sends.WhenNoneAsync(time);

        first.Dispose();
        first.Dispose();
        Assert.False(waiting.IsCompleted);
        second.Dispose();

        await waiting.WaitAsync(Eventually.DefaultTimeout);
        Assert.True(sends.WhenNoneAsync(time).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ASendThatNeverEnds_HoldsBundlesUpOnlyForTheLongestWait()
    {
        using var stuck = sends.Begin();
        var waiting = sends.WhenNoneAsync(time);

        time.Advance(SendsUnderway.MaxWait - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        await waiting.WaitAsync(Eventually.DefaultTimeout);
    }
}
