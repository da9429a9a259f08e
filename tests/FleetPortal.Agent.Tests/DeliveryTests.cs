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

    [Fact]
    public async Task DeploymentGivenALaterTurn_IsAcknowledgedAndBuiltAtItsTurn()
    {
        // Four seconds between starts: the second machine's deployment waits its turn, less the
        // moments its approval took.
        var address = portal.With("FleetPortal:Agents:StartsPerSecond", "0.25").StartOnLoopback();
        await using var first = new AgentMachine(address);
        await using var second = new AgentMachine(address);
        await first.EnrolAsync(portal, "alice-laptop");
        await second.EnrolAsync(portal, "bob-desktop");
        await first.RunDaemonAsync();
        await second.RunDaemonAsync();
        await Eventually.HoldsAsync(async () => (await portal.ReloadHostAsync(1)).State.IsOnline && (await portal.ReloadHostAsync(2)).State.IsOnline, "both agents are connected");

        var now = await portal.ApproveAsync("alice-laptop", "vlc");
        var later = await portal.ApproveAsync("bob-desktop", "htop");

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(later.DeploymentId)).FinishedAt is not null, "the later deployment finished");
        var waited = await portal.ReloadAsync(later.DeploymentId);
        Assert.True(waited.Status == DeploymentStatus.Succeeded, waited.Error);
        Assert.True(waited.AcknowledgedAt - waited.SentAt >= TimeSpan.FromSeconds(1), $"Sent at {waited.SentAt:O}, acknowledged at {waited.AcknowledgedAt:O}: before its turn.");
        Assert.Single(second.SystemTree.RebuildRuns);
        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(now.DeploymentId)).Status == DeploymentStatus.Succeeded, "the first deployment succeeded");
    }
}
