using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Enrolment;
using FleetPortal.Web.Services.PeriodicWork;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FleetPortal.Web.Tests.PeriodicWork;

/// <summary>The schedule that runs the periodic jobs in a running portal, on the portal's clock.</summary>
public sealed class PeriodicJobScheduleTests : IDisposable
{
    private static readonly string[] Jobs = [SilentHostSweep.JobName, EnrolmentCodeExpiry.JobName, DeploymentDeadlines.JobName];

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("fleetportal-test-").FullName;
    private readonly PortalFactory first;
    private readonly PortalFactory second;

    public PeriodicJobScheduleTests()
    {
        // Two portals on one SQLite file; the folder is the test's, since the first stops mid-test.
        first = new PortalFactory(dataDirectory).WithServices(services => services.AddSingleton<TimeProvider>(time));
        second = new PortalFactory(dataDirectory).WithServices(services => services.AddSingleton<TimeProvider>(time));
    }

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not fail the test; the folder is temporary anyway.
        }
    }

    [Fact]
    public async Task ARunningPortal_RunsItsJobsAtTheirInterval_OnItsOwn()
    {
        var created = await first.WithAsync<EnrolmentCodes, CreatedEnrolmentCode>(c => c.CreateAsync("old-laptop", null, FleetSeed.Support));

        time.Advance(TimeSpan.FromDays(1));

        await Eventually.HoldsAsync(async () =>
        {
            await using var db = first.CreateDbContext();
            return await db.EnrolmentCodes.AnyAsync(c => c.Id == created.Id && c.ExpiredAt != null);
        }, "the portal's schedule recorded the expired code");
    }

    [Fact]
    public async Task APortalThatStops_GivesItsLeasesUp_AndAnotherTakesThemAtItsNextTick()
    {
        var leases = first.Services.GetRequiredService<JobLeases>();
        var firstId = first.ProcessId();
        await Eventually.HoldsAsync(async () => await HoldersAsync(leases) == string.Join(",", Jobs.Select(_ => firstId)), "the first portal holds every job");
        var secondId = second.ProcessId();

        first.Dispose();
        var secondLeases = second.Services.GetRequiredService<JobLeases>();
        Assert.Equal(string.Join(",", Jobs.Select(_ => "")), await HoldersAsync(secondLeases));

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await HoldersAsync(secondLeases) == string.Join(",", Jobs.Select(_ => secondId)), "the second portal took every job over");
    }

    private static async Task<string> HoldersAsync(JobLeases leases)
    {
        var holders = new List<string>();
        foreach (var job in Jobs)
        {
            holders.Add(await leases.HolderAsync(job) ?? "");
        }

        return string.Join(",", holders);
    }
}
