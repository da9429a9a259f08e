using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Enrolment;
using FleetPortal.Web.Services.PeriodicWork;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.PeriodicWork;

/// <summary>Expired enrolment codes recorded once across two portal processes, through a crash half-way.</summary>
public class EnrolmentCodeExpiryTests : IDisposable
{
    private readonly TwoProcesses processes;

    public EnrolmentCodeExpiryTests()
        : this(onPostgres: false)
    {
    }

    /// <summary>The same tests on PostgreSQL (<see cref="EnrolmentCodeExpiryTestsOnPostgres"/>).</summary>
    protected EnrolmentCodeExpiryTests(bool onPostgres) => processes = new TwoProcesses(onPostgres);

    public void Dispose() => processes.Dispose();

    private PortalFactory First => processes.First;

    private PortalFactory Second => processes.Second;

    [Fact]
    public async Task AnExpiredCode_IsRecordedOnce_ByTheProcessHoldingTheLease_AndUsedOrValidCodesAreLeftAlone()
    {
        var old = await CodeAsync("old-laptop");
        var used = await CodeAsync("used-laptop");
        await using (var db = First.CreateDbContext())
        {
            await db.EnrolmentCodes.Where(c => c.Id == used.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.UsedAt, processes.Time.GetUtcNow()));
        }

        processes.Time.Advance(TimeSpan.FromHours(23));
        var valid = await CodeAsync("new-laptop");
        processes.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.True(await First.TickAsync<EnrolmentCodeExpiry>());
        Assert.Empty(await ExpiryEventsAsync());

        processes.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await Second.TickAsync<EnrolmentCodeExpiry>());
        Assert.True(await First.TickAsync<EnrolmentCodeExpiry>());
        Assert.True(await First.TickAsync<EnrolmentCodeExpiry>());

        var expired = Assert.Single(await ExpiryEventsAsync());
        Assert.Equal(("old-laptop", "FleetPortal"), (expired.HostName, expired.Actor));
        Assert.Contains("made by Sam Support expired unused", expired.Details);
        await using var check = Second.CreateDbContext();
        var codes = await check.EnrolmentCodes.ToDictionaryAsync(c => c.Id);
        Assert.Equal(processes.Time.GetUtcNow(), codes[old.Id].ExpiredAt);
        Assert.Null(codes[used.Id].ExpiredAt);
        Assert.Null(codes[valid.Id].ExpiredAt);
    }

    [Fact]
    public async Task ARunKilledHalfWay_IsFinishedByTheOtherProcess_OnceTheLeaseExpires_EachCodeRecordedOnce()
    {
        var names = Enumerable.Range(0, 250).Select(i => $"desk-{i:000}").ToList();
        await First.WithAsync<EnrolmentCodes, IReadOnlyList<CreatedEnrolmentCode>>(c => c.CreateManyAsync(names, null, FleetSeed.Support));
        processes.Time.Advance(TimeSpan.FromDays(2));

        // The first batch of codes is recorded; the process is killed inside the second.
        processes.FirstDies.DieAfter(1);
        await Assert.ThrowsAsync<ProcessDiedException>(() => First.TickAsync<EnrolmentCodeExpiry>());
        var halfWay = (await ExpiryEventsAsync()).Count;
        Assert.InRange(halfWay, 1, names.Count - 1);

        // Its lease has not expired yet: the other process waits.
        Assert.False(await Second.TickAsync<EnrolmentCodeExpiry>());
        Assert.Equal(halfWay, (await ExpiryEventsAsync()).Count);

        processes.Time.Advance(PeriodicJobRunner.LeaseLengthOf(Second.Services.GetRequiredService<EnrolmentCodeExpiry>()));
        Assert.True(await Second.TickAsync<EnrolmentCodeExpiry>());

        var events = await ExpiryEventsAsync();
        Assert.Equal(names, events.Select(e => e.HostName!).Order());
        await using var db = Second.CreateDbContext();
        Assert.Equal(0, await db.EnrolmentCodes.CountAsync(c => c.ExpiredAt == null));
    }

    [Fact]
    public async Task TwoRunsAtOnce_AsWhenALeaseLapsedMidRun_StillRecordEachCodeOnce()
    {
        var names = Enumerable.Range(0, 40).Select(i => $"desk-{i:00}").ToList();
        await First.WithAsync<EnrolmentCodes, IReadOnlyList<CreatedEnrolmentCode>>(c => c.CreateManyAsync(names, null, FleetSeed.Support));
        processes.Time.Advance(TimeSpan.FromDays(2));

        // Past the lease on purpose: both processes run the job at the same moment.
        await Task.WhenAll(RunRegardlessOfTheLeaseAsync(First), RunRegardlessOfTheLeaseAsync(Second));

        Assert.Equal(names, (await ExpiryEventsAsync()).Select(e => e.HostName!).Order());
    }

    private static Task RunRegardlessOfTheLeaseAsync(PortalFactory portal) => Task.Run(() =>
    {
        var job = portal.Services.GetRequiredService<EnrolmentCodeExpiry>();
        var hold = new LeaseHold(portal.Services.GetRequiredService<JobLeases>(), job.Name, portal.ProcessId(), TimeSpan.FromMinutes(2));
        return job.RunAsync(hold, CancellationToken.None);
    });

    private Task<CreatedEnrolmentCode> CodeAsync(string hostName) =>
        First.WithAsync<EnrolmentCodes, CreatedEnrolmentCode>(c => c.CreateAsync(hostName, null, FleetSeed.Support));

    private async Task<List<AuditEvent>> ExpiryEventsAsync()
    {
        await using var db = Second.CreateDbContext();
        return await db.AuditEvents.Where(e => e.Action == AuditActions.EnrolmentCodeExpired).ToListAsync();
    }
}
