using System.Data.Common;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Hubs;

/// <summary>
/// Thousands of agents reporting at once while the database writes something else: the reports
/// wait their turn without each holding a database connection (at 10,000 hosts, one connection and
/// its page cache per waiting report ran the portal out of memory), and every report lands. They
/// are stored in batches: a report refused in a batch leaves the others of it stored.
/// </summary>
public sealed class DeploymentReportsUnderLoadTests : IDisposable
{
    private const int Agents = 40;

    private readonly OpenConnections connections = new();
    private readonly PortalFactory portal = new();

    public DeploymentReportsUnderLoadTests() =>
        portal.WithServices(services => services.ConfigureDbContext<FleetDbContext>(options => options.AddInterceptors(connections)));

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Reports_ManyAtOnceWhileAWriteIsOpen_WaitWithoutAConnectionEach_AndAllLand()
    {
        var started = new List<(AgentIdentity Agent, Guid DeploymentId)>();
        for (var i = 0; i < Agents; i++)
        {
            var host = await portal.CreateHostAsync($"host-{i:00}", null, "git");
            started.Add((new AgentIdentity(host.Id, host.Name, 0), (await portal.ApproveAsync(host.Name, "vlc")).DeploymentId));
        }

        var reports = portal.Services.GetRequiredService<DeploymentReports>();
        await using var holder = portal.CreateDbContext();
        var transaction = await holder.Database.BeginTransactionAsync();
        connections.ResetPeak();

        var reporting = started.Select(s => reports.StartedAsync(s.Agent, new DeploymentStarted(s.DeploymentId, "nixos-rebuild switch", 41))).ToList();
        await connections.WaitUntilOpenAsync(1 + 1);
        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        await Task.WhenAll(reporting).WaitAsync(TimeSpan.FromSeconds(30));

        // The open write, the one batch of reports waiting for it, and a little room for the portal's own periodic work.
        Assert.InRange(connections.Peak, 2, 5);
        await using var db = portal.CreateDbContext();
        Assert.Equal(Agents, await db.Deployments.CountAsync(d => d.Status == DeploymentStatus.Running));
    }

    [Fact]
    public async Task Reports_InOneBatch_ARefusedOneLeavesTheOthersStored()
    {
        var (aliceAgent, aliceDeployment, bobAgent, bobDeployment) = await TwoHostsWithADeploymentEachAsync();
        var reports = portal.Services.GetRequiredService<DeploymentReports>();

        // The first report's batch waits for an open write; the four after it queue meanwhile and are stored together.
        await using var holder = portal.CreateDbContext();
        var transaction = await holder.Database.BeginTransactionAsync();
        connections.ResetPeak();
        var started = reports.StartedAsync(aliceAgent, new DeploymentStarted(aliceDeployment, "nixos-rebuild switch", 41));
        await connections.WaitUntilOpenAsync(1 + 1);
        var foreign = reports.StartedAsync(aliceAgent, new DeploymentStarted(bobDeployment, "nixos-rebuild switch", 41));
        var logged = reports.LogAsync(aliceAgent, new DeploymentLogBatch(aliceDeployment, 0, ["building", "building", "done"]));
        var loggedAgain = reports.LogAsync(aliceAgent, new DeploymentLogBatch(aliceDeployment, 1, ["building", "done", "activating"]));
        var finished = reports.ResultAsync(bobAgent, new DeploymentResult(bobDeployment, true, 43, 0, null, []));
        await transaction.CommitAsync();
        await transaction.DisposeAsync();

        await Task.WhenAll(started, logged, loggedAgain, finished).WaitAsync(TimeSpan.FromSeconds(30));
        var refused = await Assert.ThrowsAsync<HubException>(() => foreign);
        Assert.Contains("is not a deployment of alice-laptop", refused.Message);

        await using var db = portal.CreateDbContext();
        Assert.Equal(DeploymentStatus.Running, (await db.Deployments.SingleAsync(d => d.Id == aliceDeployment)).Status);
        Assert.Equal(DeploymentStatus.Succeeded, (await db.Deployments.SingleAsync(d => d.Id == bobDeployment)).Status);
        Assert.Equal(
            ["building", "building", "done", "activating"],
            await db.DeploymentLogLines.Where(l => l.DeploymentId == aliceDeployment).OrderBy(l => l.Sequence).Select(l => l.Text).ToListAsync());
        Assert.Equal(43, (await db.Hosts.SingleAsync(h => h.Id == bobAgent.HostId)).State.CurrentGeneration);
    }

    [Fact]
    public async Task Reports_WhoseBatchClashesWithALineWrittenMeanwhile_AreStoredEachAlone()
    {
        var (aliceAgent, aliceDeployment, bobAgent, bobDeployment) = await TwoHostsWithADeploymentEachAsync();
        var reports = portal.Services.GetRequiredService<DeploymentReports>();

        // Another writer holds line 1 of alice's log, not yet committed: the batch reads the log
        // without it, then waits for the write to end, and its own line 1 clashes.
        await using var holder = portal.CreateDbContext();
        var gate = SqliteWriteGate.Of(holder.Database.GetConnectionString());
        var transaction = await holder.Database.BeginTransactionAsync();
        holder.DeploymentLogLines.Add(new DeploymentLogLine { DeploymentId = aliceDeployment, Sequence = 1, Text = "written meanwhile", At = DateTimeOffset.UtcNow });
        await holder.SaveChangesAsync();
        var logged = reports.LogAsync(aliceAgent, new DeploymentLogBatch(aliceDeployment, 0, ["building", "building again", "done"]));
        var started = reports.StartedAsync(bobAgent, new DeploymentStarted(bobDeployment, "nixos-rebuild switch", 41));
        await Eventually.HoldsAsync(() => gate.Waiting >= 1, "the batch waits for the write");
        await transaction.CommitAsync();
        await transaction.DisposeAsync();

        await Task.WhenAll(logged, started).WaitAsync(TimeSpan.FromSeconds(30));
        await using var db = portal.CreateDbContext();
        Assert.Equal(
            ["building", "written meanwhile", "done"],
            await db.DeploymentLogLines.Where(l => l.DeploymentId == aliceDeployment).OrderBy(l => l.Sequence).Select(l => l.Text).ToListAsync());
        Assert.Equal(DeploymentStatus.Running, (await db.Deployments.SingleAsync(d => d.Id == bobDeployment)).Status);
    }

    private async Task<(AgentIdentity Alice, Guid AliceDeployment, AgentIdentity Bob, Guid BobDeployment)> TwoHostsWithADeploymentEachAsync()
    {
        var alice = await portal.CreateHostAsync("alice-laptop", null, "git");
        var bob = await portal.CreateHostAsync("bob-desktop", null, "git");
        return (
            new AgentIdentity(alice.Id, alice.Name, 0),
            (await portal.ApproveAsync(alice.Name, "vlc")).DeploymentId,
            new AgentIdentity(bob.Id, bob.Name, 0),
            (await portal.ApproveAsync(bob.Name, "gimp")).DeploymentId);
    }

    /// <summary>Counts the portal's open database connections, and the most open at once.</summary>
    private sealed class OpenConnections : DbConnectionInterceptor
    {
        private int open;
        private int peak;

        public int Peak => Volatile.Read(ref peak);

        public void ResetPeak() => Volatile.Write(ref peak, Volatile.Read(ref open));

        public async Task WaitUntilOpenAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (Volatile.Read(ref open) < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Only {Volatile.Read(ref open)} connections opened; expected {count}.");
                await Task.Yield();
            }
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Opened();

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Opened();
            return Task.CompletedTask;
        }

        public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Interlocked.Decrement(ref open);

        public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
        {
            Interlocked.Decrement(ref open);
            return Task.CompletedTask;
        }

        private void Opened()
        {
            var now = Interlocked.Increment(ref open);
            int seen;
            while (now > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }
        }
    }
}
