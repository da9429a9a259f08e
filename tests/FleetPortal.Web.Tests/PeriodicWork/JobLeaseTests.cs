using FleetPortal.Web.Services.PeriodicWork;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.PeriodicWork;

/// <summary>The lease on a periodic job, taken by two portal processes sharing one database.</summary>
public class JobLeaseTests : IDisposable
{
    private const string Job = "test.job";

    private static readonly TimeSpan Length = TimeSpan.FromMinutes(2);

    private readonly TwoProcesses processes;

    public JobLeaseTests()
        : this(onPostgres: false)
    {
    }

    /// <summary>The same tests on PostgreSQL (<see cref="JobLeaseTestsOnPostgres"/>).</summary>
    protected JobLeaseTests(bool onPostgres) => processes = new TwoProcesses(onPostgres);

    public void Dispose() => processes.Dispose();

    private JobLeases FirstLeases => processes.First.Services.GetRequiredService<JobLeases>();

    private JobLeases SecondLeases => processes.Second.Services.GetRequiredService<JobLeases>();

    private string FirstId => processes.First.ProcessId();

    private string SecondId => processes.Second.ProcessId();

    [Fact]
    public async Task TryHold_WhileAnotherProcessHoldsTheLease_IsRefused_AndTheHolderKeepsRenewingIt()
    {
        Assert.True(await FirstLeases.TryHoldAsync(Job, FirstId, Length));

        Assert.False(await SecondLeases.TryHoldAsync(Job, SecondId, Length));
        processes.Time.Advance(Length - TimeSpan.FromSeconds(1));
        Assert.True(await FirstLeases.TryHoldAsync(Job, FirstId, Length));
        processes.Time.Advance(Length - TimeSpan.FromSeconds(1));
        Assert.False(await SecondLeases.TryHoldAsync(Job, SecondId, Length));
        Assert.Equal(FirstId, await SecondLeases.HolderAsync(Job));
        await using var db = processes.Second.CreateDbContext();
        Assert.Single(await db.JobLeases.ToListAsync());
    }

    [Fact]
    public async Task TryHold_AfterTheHolderStopsRenewing_PassesToTheOtherAtTheExpiryAndNotBefore()
    {
        Assert.True(await FirstLeases.TryHoldAsync(Job, FirstId, Length));

        processes.Time.Advance(Length - TimeSpan.FromSeconds(1));
        Assert.False(await SecondLeases.TryHoldAsync(Job, SecondId, Length));
        processes.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await SecondLeases.TryHoldAsync(Job, SecondId, Length));

        // The first holder is back (it was only paused): the lease is not its any more.
        Assert.False(await FirstLeases.TryHoldAsync(Job, FirstId, Length));
        Assert.Equal(SecondId, await FirstLeases.HolderAsync(Job));
    }

    [Fact]
    public async Task Release_LetsTheOtherProcessTakeTheLeaseAtOnce()
    {
        Assert.True(await FirstLeases.TryHoldAsync(Job, FirstId, Length));

        await SecondLeases.ReleaseAsync(Job, SecondId);
        Assert.False(await SecondLeases.TryHoldAsync(Job, SecondId, Length));
        await FirstLeases.ReleaseAsync(Job, FirstId);

        Assert.Null(await FirstLeases.HolderAsync(Job));
        Assert.True(await SecondLeases.TryHoldAsync(Job, SecondId, Length));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TryHold_ByManyHoldersAtOnce_IsWonByExactlyOne(bool leaseExistsAndExpired)
    {
        if (leaseExistsAndExpired)
        {
            Assert.True(await FirstLeases.TryHoldAsync(Job, "a process that died", Length));
            processes.Time.Advance(Length);
        }

        var holders = Enumerable.Range(0, 12).Select(i => (Leases: i % 2 == 0 ? FirstLeases : SecondLeases, Name: $"process {i}")).ToList();

        var won = await Task.WhenAll(holders.Select(h => Task.Run(() => h.Leases.TryHoldAsync(Job, h.Name, Length))));

        var winner = Assert.Single(holders.Where((_, i) => won[i]));
        Assert.Equal(winner.Name, await FirstLeases.HolderAsync(Job));
    }
}
