using FleetPortal.Agent.Tests.Infrastructure;
using FleetPortal.EndToEnd.Tests.Infrastructure;
using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.EndToEnd.Tests.ScaleOut;

/// <summary>
/// Portal A dies (SIGKILL) in the middle of a rollout to hosts whose agents are spread over A and
/// B. A's agents sit behind a stand-in load balancer, which takes A out of rotation, so they
/// reconnect to B; every deployment still reaches its host and runs exactly once.
/// </summary>
public sealed class PortalKilledMidRolloutTests(PortalPair portals) : IClassFixture<PortalPair>
{
    /// <summary>The lines the stand-in rebuild prints up to its hold at "build" (the last one says it holds).</summary>
    private const int LinesUpToTheHold = 7;

    /// <summary>The lines of a whole successful switch of the stand-in rebuild that held at "build".</summary>
    private const int LinesOfAHeldSwitch = 11;

    [ServersFact]
    public async Task PortalA_KilledMidRollout_ItsAgentsFinishThroughPortalB_AndEveryDeploymentRunsExactlyOnce()
    {
        using var apiA = new FleetApi(portals.A);
        using var apiB = new FleetApi(portals.B);
        await using var balancer = new StandInLoadBalancer(portals.A.Address);
        var behindBalancer = new[] { "lab-a1", "lab-a2", "lab-a3", "lab-a4" };
        var onB = new[] { "lab-b1", "lab-b2", "lab-b3" };
        var machines = new Dictionary<string, AgentMachine>();
        try
        {
            var enrolling = behindBalancer.Select(name => (name, balancer.Address)).Concat(onB.Select(name => (name, portals.B.Address)))
                .Select(async host => (host.name, Machine: await ScaleOutMachines.EnrolledAsync(apiA, host.Item2, host.name)));
            foreach (var (name, machine) in await Task.WhenAll(enrolling))
            {
                machines[name] = machine;
                machine.Environment["STANDIN_HOLD_AT"] = "build";
                machine.Environment["STANDIN_RELEASE_FILE"] = Path.Combine(machine.Folder, "release-rebuild");
            }

            // lab-a4 is switched off during the rollout: its deployment waits for it.
            var late = "lab-a4";
            var daemons = new Dictionary<string, AgentProcess>();
            foreach (var name in machines.Keys.Where(n => n != late))
            {
                daemons[name] = await machines[name].RunDaemonAsync();
            }

            var rollout = await apiA.RollOutAsync(machines.Keys);
            var deployments = rollout.Deployments.ToDictionary(d => d.HostName, d => d.Id);
            Assert.Equal(machines.Keys.Order(), deployments.Keys.Order());

            // Mid-rollout: every connected agent is inside its rebuild, its first lines recorded; lab-a4 has nothing yet.
            foreach (var name in daemons.Keys)
            {
                await Eventually.HoldsAsync(
                    async () => (await apiA.DeploymentAsync(deployments[name])).Log.Count == LinesUpToTheHold,
                    $"{name} is holding in its rebuild with {LinesUpToTheHold} lines of log recorded");
            }

            Assert.Null((await apiA.DeploymentAsync(deployments[late])).SentAt);
            balancer.RouteTo(portals.B.Address);
            await portals.A.KillAsync();

            daemons[late] = await machines[late].RunDaemonAsync();
            foreach (var machine in machines.Values)
            {
                await File.WriteAllTextAsync(machine.Environment["STANDIN_RELEASE_FILE"], "");
            }

            foreach (var (name, id) in deployments)
            {
                await apiB.WaitForStatusAsync(id, DeploymentStatus.Succeeded);
            }

            foreach (var (name, machine) in machines)
            {
                var id = deployments[name];
                Assert.True(ScaleOutMachines.Receipts(daemons[name], id) == 1, $"{name} took deployment {id} up once. Its output:\n{daemons[name].Output}");
                Assert.True(machine.SystemTree.RebuildRuns.Count == 1, $"{name} rebuilt {machine.SystemTree.RebuildRuns.Count} times");
                var deployment = await apiB.DeploymentAsync(id);
                Assert.NotNull(deployment.AcknowledgedAt);
                // The log, half of it reported to A and half to B: every line once, in order.
                Assert.Equal(Enumerable.Range(deployment.Log[0].Sequence, LinesOfAHeldSwitch), deployment.Log.Select(l => l.Sequence));
                Assert.Equal(deployment.Log.Count, deployment.Log.Select(l => l.Text).Distinct().Count());
                Assert.Equal("building Nix...", deployment.Log[0].Text);
                Assert.StartsWith("Done. The new configuration is", deployment.Log[^1].Text, StringComparison.Ordinal);
                var delivered = await apiB.AuditAsync(name, AuditActions.DeploymentDelivered);
                Assert.Single(delivered.Items, e => e.DeploymentId == id);
            }

            // A's agents connected again, through the balancer to B, where they are online; B's agents never noticed.
            foreach (var name in behindBalancer.Where(n => n != late))
            {
                Assert.True(ScaleOutMachines.Connections(daemons[name]) >= 2, $"{name} reconnected. Its output:\n{daemons[name].Output}");
            }

            Assert.All(onB, name => Assert.Equal(1, ScaleOutMachines.Connections(daemons[name])));
            foreach (var name in machines.Keys)
            {
                await Eventually.HoldsAsync(async () => (await apiB.HostAsync(name)).Status.IsOnline, $"{name} is online through B");
            }
        }
        finally
        {
            foreach (var machine in machines.Values)
            {
                await machine.DisposeAsync();
            }
        }
    }
}
