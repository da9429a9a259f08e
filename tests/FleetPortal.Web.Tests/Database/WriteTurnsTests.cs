using FleetPortal.Web.Data;

namespace FleetPortal.Web.Tests.Database;

/// <summary>
/// The write gate's turns on their own: first come first served, writes made after others last,
/// and a waiter that gives up (too long, or cancelled) never takes a turn with it.
/// </summary>
public sealed class WriteTurnsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Turns_GoInOrder_WithThoseAfterOthersLast()
    {
        var turns = new WriteTurns();
        Assert.True(await turns.TakeAsync(afterOthers: false, Patience, CancellationToken.None));
        var order = new List<string>();

        async Task TakeAndGiveAsync(string name, bool afterOthers)
        {
            Assert.True(await turns.TakeAsync(afterOthers, Patience, CancellationToken.None));
            lock (order)
            {
                order.Add(name);
            }

            turns.Give();
        }

        var waiting = new[]
        {
            TakeAndGiveAsync("report-1", afterOthers: true),
            TakeAndGiveAsync("hello-1", afterOthers: false),
            TakeAndGiveAsync("report-2", afterOthers: true),
            TakeAndGiveAsync("hello-2", afterOthers: false),
        };
        Assert.Equal(4, turns.Waiting);
        turns.Give();
        await Task.WhenAll(waiting).WaitAsync(Patience);

        Assert.Equal(["hello-1", "hello-2", "report-1", "report-2"], order);
        Assert.Equal(0, turns.Waiting);
    }

    [Fact]
    public async Task Waiter_ThatRunsOutOfPatience_GetsNoTurn_AndTheNextGetsItOnceGiven()
    {
        var turns = new WriteTurns();
        Assert.True(turns.Take(afterOthers: false, Patience));

        Assert.False(await turns.TakeAsync(afterOthers: false, TimeSpan.FromMilliseconds(10), CancellationToken.None));
        Assert.False(turns.Take(afterOthers: true, TimeSpan.FromMilliseconds(10)));
        Assert.Equal(0, turns.Waiting);

        var next = turns.TakeAsync(afterOthers: false, Patience, CancellationToken.None);
        turns.Give();
        Assert.True(await next.WaitAsync(Patience));
    }

    [Fact]
    public async Task Waiter_Cancelled_LeavesTheLine_AndTheTurnGoesOn()
    {
        var turns = new WriteTurns();
        Assert.True(await turns.TakeAsync(afterOthers: false, Patience, CancellationToken.None));
        using var cancel = new CancellationTokenSource();
        var cancelled = turns.TakeAsync(afterOthers: false, Patience, cancel.Token);
        var next = turns.TakeAsync(afterOthers: true, Patience, CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        turns.Give();

        Assert.True(await next.WaitAsync(Patience));
        Assert.Equal(0, turns.Waiting);

        // The turn is held by the last waiter: one more waits until it is given.
        var after = turns.TakeAsync(afterOthers: false, Patience, CancellationToken.None);
        Assert.False(after.IsCompleted);
        turns.Give();
        Assert.True(await after.WaitAsync(Patience));
    }
}
