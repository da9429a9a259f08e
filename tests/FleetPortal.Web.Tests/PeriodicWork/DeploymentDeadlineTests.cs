using System.Collections.Concurrent;
using FleetPortal.Core.Deferrals;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Notifications;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.PeriodicWork;

/// <summary>A deferral deadline that passes before the rebuild started, recorded once across two portal processes.</summary>
public class DeploymentDeadlineTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromHours(4);

    private readonly TwoProcesses processes;

    public DeploymentDeadlineTests()
        : this(onPostgres: false)
    {
    }

    /// <summary>The same tests on PostgreSQL (<see cref="DeploymentDeadlineTestsOnPostgres"/>).</summary>
    protected DeploymentDeadlineTests(bool onPostgres) => processes = new TwoProcesses(onPostgres);

    public void Dispose() => processes.Dispose();

    private PortalFactory First => processes.First;

    private PortalFactory Second => processes.Second;

    [Fact]
    public async Task APassedDeadline_IsRecordedOnceAtTheDeadlineAndNotBefore_AndThePagesAreTold()
    {
        var waiting = await DeploymentAsync("alice-laptop", PromptMode.Ask);
        var deferred = await DeploymentAsync("bob-desktop", PromptMode.Ask);
        await using (var db = First.CreateDbContext())
        {
            var now = processes.Time.GetUtcNow();
            await db.Deployments.Where(d => d.Id == deferred).ExecuteUpdateAsync(d => d
                .SetProperty(x => x.Status, DeploymentStatus.Deferred)
                .SetProperty(x => x.AcknowledgedAt, now)
                .SetProperty(x => x.DeferralCount, 1)
                .SetProperty(x => x.DeferredUntil, now + TimeSpan.FromHours(1)));
        }

        var heard = new ConcurrentQueue<FleetChange>();
        using var listening = First.Services.GetRequiredService<IFleetNotifier>().Subscribe(change =>
        {
            heard.Enqueue(change);
            return Task.CompletedTask;
        });

        processes.Time.Advance(Deadline - TimeSpan.FromSeconds(1));
        Assert.True(await First.TickAsync<DeploymentDeadlines>());
        Assert.Empty(await DeadlineEventsAsync());

        processes.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await Second.TickAsync<DeploymentDeadlines>());
        Assert.True(await First.TickAsync<DeploymentDeadlines>());
        Assert.True(await First.TickAsync<DeploymentDeadlines>());

        var events = (await DeadlineEventsAsync()).ToDictionary(e => e.DeploymentId!.Value);
        Assert.Equal(new[] { waiting, deferred }.Order(), events.Keys.Order());
        Assert.Contains("installs without asking when the agent receives it", events[waiting].Details);
        Assert.Contains("the agent installs it without asking", events[deferred].Details);
        Assert.All(events.Values, e => Assert.Equal("FleetPortal", e.Actor));
        Assert.Equal(processes.Time.GetUtcNow(), (await Second.ReloadAsync(waiting)).DeadlinePassedAt);
        Assert.Equal(processes.Time.GetUtcNow(), (await Second.ReloadAsync(deferred)).DeadlinePassedAt);
        var told = heard.Where(c => c.Kind == FleetChangeKind.DeploymentChanged).Select(c => c.DeploymentId!.Value);
        Assert.Equal(new[] { waiting, deferred }.Order(), told.Order());
    }

    [Fact]
    public async Task APassedDeadline_IsNotRecorded_ForADeploymentThatStartedOrOneWhoseModeNeverForces()
    {
        var started = await DeploymentAsync("alice-laptop", PromptMode.Ask);
        var askAlways = await DeploymentAsync("bob-desktop", PromptMode.AskAlways);
        var auto = await DeploymentAsync("carol-server", PromptMode.Auto);
        await using (var db = First.CreateDbContext())
        {
            await db.Deployments.Where(d => d.Id == started).ExecuteUpdateAsync(d => d
                .SetProperty(x => x.Status, DeploymentStatus.Running)
                .SetProperty(x => x.StartedAt, processes.Time.GetUtcNow()));
        }

        processes.Time.Advance(Deadline + TimeSpan.FromDays(1));
        Assert.True(await First.TickAsync<DeploymentDeadlines>());

        Assert.Empty(await DeadlineEventsAsync());
        foreach (var id in new[] { started, askAlways, auto })
        {
            Assert.Null((await Second.ReloadAsync(id)).DeadlinePassedAt);
        }
    }

    [Fact]
    public async Task ARunKilledHalfWay_IsFinishedByTheOtherProcess_EachDeadlineRecordedOnce()
    {
        var deployments = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            deployments.Add(await DeploymentAsync($"desk-{i}", PromptMode.Ask));
        }

        // Many more, written straight to the database, so that the job needs more than one batch.
        await using (var db = First.CreateDbContext())
        {
            var template = await db.Deployments.AsNoTracking().FirstAsync(d => d.Id == deployments[0]);
            for (var i = 0; i < 230; i++)
            {
                var copy = new Deployment
                {
                    Id = Guid.NewGuid(), HostId = template.HostId, RevisionNumber = template.RevisionNumber, Status = DeploymentStatus.Pending,
                    RequestedBy = template.RequestedBy, CreatedAt = template.CreatedAt, PromptMode = PromptMode.Ask,
                    MaxDeferrals = template.MaxDeferrals, Deadline = template.Deadline,
                };
                db.Deployments.Add(copy);
                deployments.Add(copy.Id);
            }

            await db.SaveChangesAsync();
        }

        processes.Time.Advance(Deadline);
        processes.FirstDies.DieAfter(1);
        await Assert.ThrowsAsync<ProcessDiedException>(() => First.TickAsync<DeploymentDeadlines>());
        Assert.InRange((await DeadlineEventsAsync()).Count, 1, deployments.Count - 1);
        Assert.False(await Second.TickAsync<DeploymentDeadlines>());

        processes.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await Second.TickAsync<DeploymentDeadlines>());

        Assert.Equal(deployments.Order(), (await DeadlineEventsAsync()).Select(e => e.DeploymentId!.Value).Order());
    }

    /// <summary>A deployment of a new host whose family has <paramref name="mode"/> and a deadline <see cref="Deadline"/> after approval.</summary>
    private async Task<Guid> DeploymentAsync(string hostName, PromptMode mode)
    {
        var host = await First.CreateHostAsync(hostName);
        await First.PolicyAsync(host.Id, mode, deadlineIn: Deadline);
        return (await First.ApproveAsync(hostName, "vlc")).DeploymentId;
    }

    private async Task<List<AuditEvent>> DeadlineEventsAsync()
    {
        await using var db = Second.CreateDbContext();
        return await db.AuditEvents.Where(e => e.Action == AuditActions.DeploymentDeadlinePassed).ToListAsync();
    }
}
