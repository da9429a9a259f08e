using FleetPortal.Agent.Tests.Infrastructure;
using FleetPortal.Core.Deferrals;
using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Agent.Tests;

public sealed class DeskCommandTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Request_FromTheDesk_OpensAChangeRequestInTheNameOfTheLocalUser()
    {
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        await machine.RunDaemonAsync();

        var (exitCode, output) = await machine.RunAsync("request", "vlc", "--reason", "for school");

        Assert.True(exitCode == 0, output);
        Assert.Contains("for vlc was sent", output);
        await using var db = portal.CreateDbContext();
        var change = await db.ChangeRequests.Include(c => c.Operations).SingleAsync();
        Assert.Equal((ChangeKind.DeskRequest, ChangeStatus.Open, "for school"), (change.Kind, change.Status, change.Reason));
        Assert.Equal($"{Environment.UserName} at alice-laptop", change.AuthorName);
        Assert.Equal(("vlc", ChangeOperationKind.AddPackage), (change.Operations.Single().Package, change.Operations.Single().Kind));
    }

    [Fact]
    public async Task Request_ForSomethingThatIsNotAPackageName_SaysWhyAndOpensNothing()
    {
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        await machine.RunDaemonAsync();

        var (exitCode, output) = await machine.RunAsync("request", "vlc; rm -rf /", "--reason", "for school");

        Assert.Equal(1, exitCode);
        Assert.Contains("The request was not sent: package:", output);
        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.ChangeRequests.ToListAsync());
    }

    [Fact]
    public async Task Request_WithoutAReason_IsRefusedByTheCommandLine()
    {
        await using var machine = new AgentMachine(new Uri("http://127.0.0.1:9"));

        var (exitCode, output) = await machine.RunAsync("request", "vlc");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--reason", output);
    }

    [Fact]
    public async Task Status_ShowsTheConnectionTheGenerationAndTheDeferredDeployment()
    {
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        var daemon = await machine.RunDaemonAsync();
        machine.Start("prompt", "--console");
        await daemon.WaitForOutputAsync("is listening");
        await portal.PolicyAsync(1, PromptMode.Ask);
        var deployment = await portal.ReloadAsync((await portal.ApproveAsync("alice-laptop", "vlc")).DeploymentId);
        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment.Id)).Status == DeploymentStatus.Delivered, "the deployment is delivered");

        var (exitCode, output) = await machine.RunAsync("status");

        Assert.True(exitCode == 0, output);
        Assert.Contains("(connected)", output);
        Assert.Contains("Host:        alice-laptop", output);
        Assert.Contains("Generation:  1 (booted 1)", output);
        Assert.Contains($"Pending:     vlc added (deployment {deployment.Id}", output);
    }

    [Fact]
    public async Task Status_ShowsADeploymentThatArrivedAndWaitsForItsTurn()
    {
        // A hundred seconds between starts: the first deployment starts at once, the next waits.
        await using var machine = new AgentMachine(portal.With("FleetPortal:Agents:StartsPerSecond", "0.01").StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        await machine.RunDaemonAsync();
        await Eventually.HoldsAsync(async () => (await portal.ReloadHostAsync(1)).State.IsOnline, "the agent is connected");
        var first = await portal.ApproveAsync("alice-laptop", "vlc");
        // Sent, so it has taken the first turn: superseded before it was sent, it would take none,
        // and the second would start at once.
        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(first.DeploymentId)).SentAt is not null, "the first deployment is sent");
        var waiting = await portal.ApproveAsync("alice-laptop", "htop");

        var output = "";
        await Eventually.HoldsAsync(async () => (output = (await machine.RunAsync("status")).Output).Contains("Arrived:"), "the status shows the deployment waiting for its turn");

        Assert.Contains($"Arrived:     htop added (deployment {waiting.DeploymentId}, its turn at ", output);
        Assert.Equal(DeploymentStatus.Pending, (await portal.ReloadAsync(waiting.DeploymentId)).Status);
    }

    [Fact]
    public async Task Status_WithoutADaemon_SaysTheAgentIsNotRunning()
    {
        await using var machine = new AgentMachine(new Uri("http://127.0.0.1:9"));

        var (exitCode, output) = await machine.RunAsync("status");

        Assert.Equal(1, exitCode);
        Assert.Contains("Is fleetportal-agent running?", output);
    }

    [Fact]
    public async Task ConsolePrompt_AnswerUpgradeNow_InstallsTheUpdate()
    {
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        var daemon = await machine.RunDaemonAsync();
        var prompt = machine.Start("prompt", "--console");
        await daemon.WaitForOutputAsync("is listening");

        await portal.PolicyAsync(1, PromptMode.Ask);
        var deployment = await portal.ReloadAsync((await portal.ApproveAsync("alice-laptop", "vlc")).DeploymentId);
        await prompt.WaitForOutputAsync("1) Upgrade now");
        await prompt.WriteLineAsync("1");

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment.Id)).Status == DeploymentStatus.Succeeded, "the deployment succeeded");
    }
}
