using System.Data.Common;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Hubs;

/// <summary>
/// Thousands of agents reporting at once while the database writes something else: the reports
/// wait their turn without each holding a database connection (at 10,000 hosts, one connection and
/// its page cache per waiting report ran the portal out of memory), and every report lands.
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
        await connections.WaitUntilOpenAsync(1 + 8);
        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        await Task.WhenAll(reporting).WaitAsync(TimeSpan.FromSeconds(30));

        // The open write, eight reports waiting for it, and a little room for the portal's own periodic work.
        Assert.InRange(connections.Peak, 9, 12);
        await using var db = portal.CreateDbContext();
        Assert.Equal(Agents, await db.Deployments.CountAsync(d => d.Status == DeploymentStatus.Running));
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
