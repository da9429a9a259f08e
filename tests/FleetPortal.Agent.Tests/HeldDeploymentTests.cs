using FleetPortal.Agent.Deployments;
using FleetPortal.Agent.Portal;
using FleetPortal.Core.Deferrals;
using FleetPortal.Core.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace FleetPortal.Agent.Tests;

/// <summary>A deployment the portal gave a later turn waits in memory until then, and only the newest waits.</summary>
public sealed class HeldDeploymentTests : IDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly PortalLink link = new();
    private readonly HeldDeployment held;

    public HeldDeploymentTests() => held = new HeldDeployment(link, time);

    public void Dispose() => held.Dispose();

    private static RebuildRequest Request(int startAfterMs) => new(
        Guid.NewGuid(), RebuildAction.Switch, 2, "hash", null, "vlc added", new PromptPolicy(PromptMode.Auto, 0, 0, DateTimeOffset.UnixEpoch), DateTimeOffset.UnixEpoch, StartAfterMs: startAfterMs);

    [Fact]
    public void Held_ComesToTheInbox_AtItsTurnAndNotBefore()
    {
        var request = Request(1_500);
        var arrived = time.GetUtcNow();

        Assert.True(held.Hold(request));
        Assert.Equal(new HeldDeployment.WaitingTurn(request, arrived.AddMilliseconds(1_500)), held.Waiting);
        time.Advance(TimeSpan.FromMilliseconds(1_499));
        Assert.False(link.Inbox.Reader.TryRead(out _), "Nothing comes before its turn.");
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(link.Inbox.Reader.TryRead(out var item));
        var turn = Assert.IsType<HeldDeployment.Turn>(item);
        Assert.Same(request, held.Take(turn));
        Assert.Null(held.DeploymentId);
        Assert.Null(held.Waiting);
    }

    [Fact]
    public void ReceivedAgainWhileHeld_KeepsItsFirstTurn()
    {
        var request = Request(1_000);
        held.Hold(request);
        time.Advance(TimeSpan.FromMilliseconds(600));

        Assert.False(held.Hold(request with { StartAfterMs = 1_000 }));
        time.Advance(TimeSpan.FromMilliseconds(400));

        Assert.True(link.Inbox.Reader.TryRead(out var item));
        Assert.Same(request, held.Take((HeldDeployment.Turn)item));
    }

    [Fact]
    public void ANewerArrival_ReplacesTheHeldOne_WhoseTurnThenBringsNothing()
    {
        var older = Request(100);
        var newer = Request(500);
        held.Hold(older);
        held.Hold(newer);

        time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.True(link.Inbox.Reader.TryRead(out var item));
        Assert.Same(newer, held.Take((HeldDeployment.Turn)item));
        Assert.False(link.Inbox.Reader.TryRead(out _), "The older one's turn was let go with it.");
    }

    [Fact]
    public void AStaleTurn_OfAReplacedDeployment_IsNotTaken()
    {
        var older = Request(100);
        held.Hold(older);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(link.Inbox.Reader.TryRead(out var staleTurn));

        var newer = Request(300);
        held.Hold(newer);

        Assert.Null(held.Take((HeldDeployment.Turn)staleTurn));
        Assert.Equal(newer.DeploymentId, held.DeploymentId);
    }

    [Fact]
    public void ATurnBeyondADay_IsTakenAsADay()
    {
        var request = Request(int.MaxValue);
        held.Hold(request);

        time.Advance(HeldDeployment.LongestTurn - TimeSpan.FromMilliseconds(1));
        Assert.False(link.Inbox.Reader.TryRead(out _));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(link.Inbox.Reader.TryRead(out var item));
        Assert.Same(request, held.Take((HeldDeployment.Turn)item));
    }

    [Fact]
    public void Forgotten_NeverComes()
    {
        held.Hold(Request(200));

        held.Forget();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(link.Inbox.Reader.TryRead(out _));
        Assert.Null(held.DeploymentId);
    }
}
