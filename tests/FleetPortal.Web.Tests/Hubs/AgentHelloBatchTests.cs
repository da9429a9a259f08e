using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Services.Notifications;
using FleetPortal.Web.Services.PeriodicWork;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FleetPortal.Web.Tests.Hubs;

/// <summary>
/// The portal started again with deployments pending, and the fleet saying hello at once: the
/// hellos are stored in one batch, and each agent is answered as if it had been alone. The batch
/// is lined up for certain: a first hello's batch is held (a listener of its news waits) while the
/// others queue behind it.
/// </summary>
public class AgentHelloBatchTests : IAsyncLifetime
{
    private const int Fleet = 12;

    private readonly bool onPostgres;
    private readonly DyingProcess dies = new();
    private readonly TaskCompletionSource held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TestAgentConnection> agents = [];
    private PortalFactory portal = null!;
    private Uri address = null!;
    private int holderId;

    public AgentHelloBatchTests()
        : this(onPostgres: false)
    {
    }

    /// <summary>The same tests on PostgreSQL (<see cref="AgentHelloBatchTestsOnPostgres"/>).</summary>
    protected AgentHelloBatchTests(bool onPostgres) => this.onPostgres = onPostgres;

    private List<(Data.Host Host, Guid DeploymentId, TestAgentConnection Agent)> Hosts { get; } = [];

    public async Task InitializeAsync()
    {
        var before = onPostgres ? PortalFactory.OnPostgres() : new PortalFactory();
        var (holder, holderToken) = await before.EnrolledHostAsync("holder");
        holderId = holder.Id;
        var tokens = new List<(Data.Host, Guid, string)>();
        for (var i = 0; i < Fleet; i++)
        {
            var (host, token) = await before.EnrolledHostAsync($"host-{i:00}");
            tokens.Add((host, (await before.ApproveAsync(host.Name, "vlc")).DeploymentId, token));
        }

        // Started again on the same database: the deployments wait for their agents' hellos.
        portal = before.Restart().WithServices(services =>
        {
            services.ConfigureDbContext<FleetDbContext>(options => options.AddInterceptors(dies));
            services.ConfigureDbContext<PostgresFleetDbContext>(options => options.AddInterceptors(dies));

            // No periodic job writes meanwhile: the next transaction is the hellos' batch.
            services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PeriodicJobSchedule)));
        });
        address = portal.StartOnLoopback();
        portal.Services.GetRequiredService<IFleetNotifier>().Subscribe(async change =>
        {
            if (change is { Kind: FleetChangeKind.HostChanged } && change.HostId == holderId && !release.Task.IsCompleted)
            {
                held.TrySetResult();
                await release.Task;
            }
        });

        agents.Add(await TestAgentConnection.ConnectAsync(address, holderToken, hello: false));
        foreach (var (host, deploymentId, token) in tokens)
        {
            var agent = await TestAgentConnection.ConnectAsync(address, token, hello: false);
            agents.Add(agent);
            Hosts.Add((host, deploymentId, agent));
        }
    }

    public async Task DisposeAsync()
    {
        release.TrySetResult();
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }

        portal.Dispose();
    }

    [Fact]
    public async Task ManyHellosAtOnce_AreStoredTogether_AndEachAgentGetsItsOwnPendingDeploymentOnce()
    {
        var hellos = await QueuedBehindAHeldBatchAsync(Hosts.Select(h => h.Agent));

        release.SetResult();

        await Task.WhenAll(hellos);
        foreach (var (host, deploymentId, agent) in Hosts)
        {
            Assert.Equal(deploymentId, (await agent.Requests.Reader.NextAsync("the deployment of " + host.Name)).DeploymentId);
            Assert.False(agent.Requests.Reader.TryRead(out var again), $"{host.Name} also received {again?.DeploymentId}.");
        }

        await using var db = portal.CreateDbContext();
        var ids = Hosts.Select(h => h.Host.Id).ToList();
        Assert.All(await db.Hosts.Where(h => ids.Contains(h.Id)).ToListAsync(), host =>
        {
            Assert.True(host.State.IsOnline, host.Name + " is online");
            Assert.Equal(TestAgentConnection.SomeState.NixosVersion, host.State.NixosVersion);
        });
        var connected = await db.AuditEvents.Where(e => e.Action == AuditActions.HostConnected && ids.Contains(e.HostId!.Value)).ToListAsync();
        Assert.Equal(ids.Order(), connected.Select(e => e.HostId!.Value).Order());
        var deploymentIds = Hosts.Select(h => h.DeploymentId).ToList();
        Assert.DoesNotContain(await db.Deployments.Where(d => deploymentIds.Contains(d.Id)).Select(d => d.SentAt).ToListAsync(), sentAt => sentAt is null);
    }

    [Fact]
    public async Task Hello_OfAHostRemovedMeanwhile_IsRefused_AndTheOthersOfItsBatchAreStored()
    {
        var (removed, _, removedAgent) = Hosts[0];
        await using (var db = portal.CreateDbContext())
        {
            await db.Hosts.Where(h => h.Id == removed.Id).ExecuteDeleteAsync();
        }

        var hellos = await QueuedBehindAHeldBatchAsync(Hosts.Select(h => h.Agent));
        release.SetResult();

        var refused = await Assert.ThrowsAsync<HubException>(() => hellos[0]);
        Assert.Contains($"{removed.Name} is no longer in the fleet", refused.Message);
        await Task.WhenAll(hellos.Skip(1));
        foreach (var (host, deploymentId, agent) in Hosts.Skip(1))
        {
            Assert.Equal(deploymentId, (await agent.Requests.Reader.NextAsync("the deployment of " + host.Name)).DeploymentId);
            Assert.True((await portal.ReloadHostAsync(host.Id)).State.IsOnline);
        }

        Assert.False(removedAgent.Requests.Reader.TryRead(out _));
    }

    [Fact]
    public async Task ABatchThatCannotBeStored_RefusesEachHello_WritesNothing_AndTheAgentsAreServedWhenTheyTryAgain()
    {
        var hellos = await QueuedBehindAHeldBatchAsync(Hosts.Select(h => h.Agent));
        dies.DieAfter(0);
        release.SetResult();

        foreach (var hello in hellos)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => hello);
            Assert.Contains("could not record the agent's connection", refused.Message);
        }

        var ids = Hosts.Select(h => h.Host.Id).ToList();
        var deploymentIds = Hosts.Select(h => h.DeploymentId).ToList();
        await using (var db = portal.CreateDbContext())
        {
            Assert.False(await db.Hosts.AnyAsync(h => ids.Contains(h.Id) && (h.State.IsOnline || h.State.LastSeen != null)));
            Assert.False(await db.AuditEvents.AnyAsync(e => e.Action == AuditActions.HostConnected && ids.Contains(e.HostId!.Value)));
            Assert.False(await db.Deployments.AnyAsync(d => deploymentIds.Contains(d.Id) && d.SentAt != null));
        }

        Assert.All(Hosts, h => Assert.False(h.Agent.Requests.Reader.TryRead(out _)));

        await Task.WhenAll(Hosts.Select(h => h.Agent.HelloAsync()));
        foreach (var (host, deploymentId, agent) in Hosts)
        {
            Assert.Equal(deploymentId, (await agent.Requests.Reader.NextAsync("the deployment of " + host.Name)).DeploymentId);
            Assert.True((await portal.ReloadHostAsync(host.Id)).State.IsOnline);
        }
    }

    /// <summary>
    /// The holder says hello and its batch is held after it was stored; then every agent of
    /// <paramref name="queued"/> says hello, and this returns once all of them wait for the next batch.
    /// </summary>
    private async Task<List<Task<AgentWelcome>>> QueuedBehindAHeldBatchAsync(IEnumerable<TestAgentConnection> queued)
    {
        await agents[0].HelloAsync();
        await held.Task.WaitAsync(Eventually.DefaultTimeout);
        var hellos = queued.Select(agent => agent.HelloAsync()).ToList();
        var presence = portal.Services.GetRequiredService<AgentPresence>();
        await Eventually.HoldsAsync(() => presence.Waiting == hellos.Count, $"{hellos.Count} hellos wait for the next batch");
        return hellos;
    }
}
