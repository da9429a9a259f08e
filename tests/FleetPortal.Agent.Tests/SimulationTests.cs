using FleetPortal.Agent.Tests.Infrastructure;
using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Agent.Tests;

public sealed class SimulationTests
{
    [Fact]
    public async Task Simulate_WritesGenerationsIntoAScratchTree_WithoutRunningNixosRebuild()
    {
        using var portal = new PortalFactory();
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "demo-laptop");
        machine.Environment["FleetPortalAgent__SystemRoot"] = "/";
        machine.Environment["FleetPortalAgent__NixosRebuild"] = "/nonexistent/nixos-rebuild";
        var daemon = machine.Start("run", "--simulate");
        await daemon.WaitForOutputAsync("Connected to");

        var deployment = await portal.ReloadAsync((await portal.ApproveAsync("demo-laptop", "vlc")).DeploymentId);

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment.Id)).FinishedAt is not null, "the simulated deployment finished");
        var done = await portal.ReloadAsync(deployment.Id);
        Assert.True(done.Status == DeploymentStatus.Succeeded, done.Error);
        Assert.Equal(2, done.ResultGeneration);
        Assert.Contains(done.LogLines, l => l.Text.Contains("(simulated)", StringComparison.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(machine.StateDirectory, "simulated-system", "nix", "var", "nix", "profiles")));
        Assert.Empty(machine.SystemTree.RebuildRuns);
    }
}
