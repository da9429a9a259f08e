using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Services.PeriodicWork;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.PeriodicWork;

/// <summary>
/// Presence across two portal processes with a presence timeout of one minute: every process
/// vouches every 10 s for its connected agents, a host silent for 30 s is marked offline, so no
/// host is shown online through a dead process for longer than the minute.
/// </summary>
public class PresenceTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly TwoProcesses processes;

    public PresenceTests()
        : this(onPostgres: false)
    {
    }

    /// <summary>The same tests on PostgreSQL (<see cref="PresenceTestsOnPostgres"/>).</summary>
    protected PresenceTests(bool onPostgres) =>
        processes = new TwoProcesses(onPostgres, (PresenceOptions.SectionKey + ":Timeout", "00:01:00"));

    public void Dispose() => processes.Dispose();

    private PortalFactory First => processes.First;

    private PortalFactory Second => processes.Second;

    [Fact]
    public async Task ASilentHost_IsMarkedOfflineOnceSilentForHalfTheTimeout_AndNotBefore()
    {
        var host = await OnlineThroughADeadProcessAsync("alice-laptop");
        var lastSeen = processes.Time.GetUtcNow();

        for (var silentFor = Interval; silentFor <= Timeout / 2; silentFor += Interval)
        {
            processes.Time.Advance(Interval);
            Assert.True(await First.TickAsync<SilentHostSweep>());
            Assert.True((await First.ReloadHostAsync(host.Id)).State.IsOnline, $"Online after {silentFor} of silence.");
        }

        processes.Time.Advance(Interval);
        Assert.True(await First.TickAsync<SilentHostSweep>());
        Assert.True(await First.TickAsync<SilentHostSweep>());

        var stored = await Second.ReloadHostAsync(host.Id);
        Assert.False(stored.State.IsOnline);
        Assert.Equal(lastSeen, stored.State.LastSeen);
        await using var db = Second.CreateDbContext();
        var marked = await db.AuditEvents.SingleAsync(e => e.Action == AuditActions.HostDisconnected);
        Assert.Equal(("alice-laptop", "FleetPortal"), (marked.HostName, marked.Actor));
        Assert.Contains("no portal process has held its agent's connection", marked.Details);
    }

    [Fact]
    public async Task AHostOfADeadProcess_IsShownOfflineWithinTheTimeout_EvenWhenTheDeadProcessWasTheOneSweeping()
    {
        // The first process vouched for the host and renewed the sweep's lease, then died at once.
        Assert.True(await First.TickAsync<SilentHostSweep>());
        var host = await OnlineThroughADeadProcessAsync("alice-laptop");
        var died = processes.Time.GetUtcNow();

        // The other process's ticks fall at their own moments, half an interval later.
        processes.Time.Advance(Interval / 2);
        var ranAt = new List<TimeSpan>();
        while ((await Second.ReloadHostAsync(host.Id)).State.IsOnline)
        {
            Assert.True(processes.Time.GetUtcNow() - died <= Timeout, $"Still shown online {processes.Time.GetUtcNow() - died} after its process died.");
            if (await Second.TickAsync<SilentHostSweep>())
            {
                ranAt.Add(processes.Time.GetUtcNow() - died);
            }

            processes.Time.Advance(Interval);
        }

        // The lease passed only after it expired: the dead process renewed it for two intervals.
        Assert.True(ranAt[0] >= 2 * Interval, $"The sweep passed to the live process {ranAt[0]} after the other died.");
        Assert.True(processes.Time.GetUtcNow() - died > Timeout / 2);
    }

    [Fact]
    public async Task AnAgentOfADeadProcess_ReconnectingToAnother_IsShownOnlineThere_AndStaysOnlineWhileItVouches()
    {
        var (host, token) = await Second.EnrolledHostAsync("alice-laptop");
        await MarkOnlineAsync(host.Id);
        processes.Time.Advance(2 * Interval);

        await using var agent = await TestAgentConnection.ConnectAsync(processes.SecondAddress, token);

        await Eventually.HoldsAsync(async () => (await First.ReloadHostAsync(host.Id)).State.LastSeen == processes.Time.GetUtcNow(), "the live process recorded the agent's hello");
        for (var i = 0; i < 3 * Timeout / Interval; i++)
        {
            processes.Time.Advance(Interval);
            await Second.Services.GetRequiredService<PresenceVouching>().VouchAsync();
            Assert.True(await First.TickAsync<SilentHostSweep>());
            Assert.True((await First.ReloadHostAsync(host.Id)).State.IsOnline, $"Online after {(i + 1) * Interval} connected to a live process.");
        }

        Assert.Equal(processes.Time.GetUtcNow(), (await First.ReloadHostAsync(host.Id)).State.LastSeen);
    }

    [Fact]
    public async Task AConnectedHostMarkedOfflineWhileItsProcessWasPaused_IsOnlineAgainAtItsProcesssNextVouch()
    {
        var (host, token) = await Second.EnrolledHostAsync("alice-laptop");
        await using var agent = await TestAgentConnection.ConnectAsync(processes.SecondAddress, token);
        await Eventually.HoldsAsync(async () => (await First.ReloadHostAsync(host.Id)).State.IsOnline, "the agent's hello was recorded");

        // As the sweep of another process leaves it when this one stalled past the silence.
        await using (var db = First.CreateDbContext())
        {
            await db.Hosts.Where(h => h.Id == host.Id).ExecuteUpdateAsync(h => h.SetProperty(x => x.State.IsOnline, false));
        }

        processes.Time.Advance(Interval);

        await Second.Services.GetRequiredService<PresenceVouching>().VouchAsync();

        var stored = await First.ReloadHostAsync(host.Id);
        Assert.True(stored.State.IsOnline);
        Assert.Equal(processes.Time.GetUtcNow(), stored.State.LastSeen);
    }

    [Fact]
    public void TheSweep_RunsEveryVouchInterval_AndItsLeaseLastsTwo_WhichTogetherStayWithinTheTimeout()
    {
        var sweep = First.Services.GetRequiredService<SilentHostSweep>();
        var options = First.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PresenceOptions>>().Value;

        Assert.Equal((Timeout, Interval, Timeout / 2), (options.Timeout, sweep.Interval, options.Silence));

        // Silent this long, then at most one sweep interval, or the lease passing from a dead sweeper.
        Assert.True(options.Silence + sweep.Interval + PeriodicJobRunner.LeaseLengthOf(sweep) <= options.Timeout);
    }

    /// <summary>A host shown online, last vouched for now, whose connection no live process holds.</summary>
    private async Task<Host> OnlineThroughADeadProcessAsync(string name)
    {
        var host = await First.CreateHostAsync(name);
        await MarkOnlineAsync(host.Id);
        return host;
    }

    private async Task MarkOnlineAsync(int hostId)
    {
        DateTimeOffset? now = processes.Time.GetUtcNow();
        await using var db = First.CreateDbContext();
        await db.Hosts.Where(h => h.Id == hostId).ExecuteUpdateAsync(h => h.SetProperty(x => x.State.IsOnline, true).SetProperty(x => x.State.LastSeen, now));
    }
}
