using FleetPortal.Agent.Tests.Infrastructure;
using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Agent.Tests;

public sealed class DeliveryTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Enrol_ThenRun_UploadsTheConfigurationAsRevisionOne_AndReportsTheMachine()
    {
        await using var machine = new AgentMachine(portal.StartOnLoopback());

        await machine.EnrolAsync(portal, "alice-laptop");
        await machine.RunDaemonAsync();

        var token = Path.Combine(machine.StateDirectory, "token");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(token));
        await using var db = portal.CreateDbContext();
        var host = await db.Hosts.Include(h => h.Revisions).ThenInclude(r => r.Files).SingleAsync();
        Assert.Equal(["configuration.nix", "hardware-configuration.nix"], host.Revisions.Single().Files.Select(f => f.Path).Order());
        await Eventually.HoldsAsync(async () => (await portal.ReloadHostAsync(host.Id)).State is { IsOnline: true, CurrentGeneration: 1, BootedGeneration: 1 }, "the host reports generation 1");
        Assert.Equal("24.05.standin-1 (Uakari)", (await portal.ReloadHostAsync(host.Id)).State.NixosVersion);
    }

    [Fact]
    public async Task PendingDeployment_OfAnOfflineMachine_IsBuiltWhenItsAgentStarts()
    {
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        var host = await portal.ReloadHostAsync(1);
        var deployment = await portal.ReloadAsync((await portal.ApproveAsync("alice-laptop", "vlc", "firefox")).DeploymentId);

        await machine.RunDaemonAsync();

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment.Id)).Status == DeploymentStatus.Succeeded, "the deployment succeeded");
        var done = await portal.ReloadAsync(deployment.Id);
        Assert.Equal(2, done.ResultGeneration);
        Assert.Contains(done.LogLines, l => l.Text == "activating the configuration...");
        Assert.Equal(done.LogLines.Count, done.LogLines.Select(l => l.Sequence).Distinct().Count());
        Assert.Contains("pkgs.vlc", machine.SystemTree.CurrentSystemFile("fleetportal-packages.nix"));
        await Eventually.HoldsAsync(async () => (await portal.ReloadHostAsync(host.Id)).State.CurrentGeneration == 2, "the host reports generation 2");
        Assert.Single(machine.SystemTree.RebuildRuns);
    }

    [Fact]
    public async Task MachineSetToBoot_BuildsTheNewGenerationForTheNextBoot_AndKeepsRunningTheCurrentOne()
    {
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "server-1");
        machine.Environment["FleetPortalAgent__RebuildAction"] = "boot";
        await machine.RunDaemonAsync();

        var deployment = await portal.ApproveAsync("server-1", "htop");

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment.DeploymentId)).FinishedAt is not null, "the deployment finished");
        var done = await portal.ReloadAsync(deployment.DeploymentId);
        Assert.True(done.Status == DeploymentStatus.Succeeded, done.Error);
        Assert.Equal(2, done.ResultGeneration);
        Assert.StartsWith("boot ", Assert.Single(machine.SystemTree.RebuildRuns));
        await Eventually.HoldsAsync(async () => (await portal.ReloadHostAsync(1)).State is { CurrentGeneration: 1, AppliedRevisionNumber: 2 }, "the host still runs generation 1 with revision 2 applied for the next boot");
    }
}
