using FleetPortal.Agent.Tests.Infrastructure;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Agent.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task PortalRestarted_WhileADeploymentIsPending_ItIsDeliveredAfterTheReconnect_ExactlyOnce()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("fleetportal-restart-").FullName;
        try
        {
            Uri address;
            Deployment deployment;
            await using var machine = await StartedMachineAsync(dataDirectory, port: 0);
            address = machine.Portal;
            var daemon = machine.Daemon;
            machine.PortalFactory.Dispose();
            await daemon.WaitForOutputAsync("The connection to the portal ended");

            // Approved by another portal process while this one was down: no agent heard of it.
            using (var other = new PortalFactory(dataDirectory))
            {
                deployment = await other.ReloadAsync((await other.ApproveAsync("alice-laptop", "vlc")).DeploymentId);
            }

            using var second = new PortalFactory(dataDirectory);
            second.StartOnLoopback(address.Port);

            await Eventually.HoldsAsync(async () => (await second.ReloadAsync(deployment.Id)).Status == DeploymentStatus.Succeeded, "the deployment succeeded after the restart");
            await daemon.KillAsync();
            var again = machine.Machine.Start("run");
            await again.WaitForOutputAsync("Connected to");
            await using var db = second.CreateDbContext();
            Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.DeploymentId == deployment.Id && e.Action == AuditActions.DeploymentDelivered));
            Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.DeploymentId == deployment.Id && e.Action == AuditActions.DeploymentStarted));
            Assert.Single(machine.Machine.SystemTree.RebuildRuns);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task PortalRestarted_WhileTheRebuildRuns_TheLinesPrintedWhileItWasAway_ReachItBeforeTheRebuildEnds()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("fleetportal-restart-").FullName;
        try
        {
            var first = new PortalFactory(dataDirectory);
            await using var machine = new AgentMachine(first.StartOnLoopback());
            await machine.EnrolAsync(first, "alice-laptop");
            var lineGate = Directory.CreateDirectory(Path.Combine(machine.Folder, "rebuild-lines")).FullName;
            machine.Environment["STANDIN_LINE_GATE"] = lineGate;
            machine.Environment["STANDIN_HOLD_AT"] = "build";
            machine.Environment["STANDIN_RELEASE_FILE"] = Path.Combine(machine.Folder, "release-rebuild");
            var daemon = await machine.RunDaemonAsync();
            var deployment = (await first.ApproveAsync("alice-laptop", "vlc")).DeploymentId;
            await File.WriteAllTextAsync(Path.Combine(lineGate, "1"), "");
            await Eventually.HoldsAsync(async () => (await first.ReloadAsync(deployment)).LogLines.Count == 1, "the rebuild's first line is recorded");

            first.Dispose();
            await daemon.WaitForOutputAsync("The connection to the portal ended");
            for (var line = 2; line <= 6; line++)
            {
                await File.WriteAllTextAsync(Path.Combine(lineGate, line.ToString(System.Globalization.CultureInfo.InvariantCulture)), "");
            }

            using var second = new PortalFactory(dataDirectory);
            second.StartOnLoopback(machine.Portal.Port);

            // The rebuild holds at "build": no result carries these lines, the log's own batches do.
            await Eventually.HoldsAsync(async () => (await second.ReloadAsync(deployment)).LogLines.Count == 7, "the lines printed while the portal was away are recorded");
            var running = await second.ReloadAsync(deployment);
            Assert.Equal(DeploymentStatus.Running, running.Status);
            var log = running.LogLines.OrderBy(l => l.Sequence).ToList();
            Assert.Equal(Enumerable.Range(0, 7), log.Select(l => l.Sequence));
            Assert.Equal(("building Nix...", "stand-in holding at build"), (log[0].Text, log[^1].Text));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task PortalDown_WhileTheRebuildPrintsItsLastLines_TheyArriveWithTheResult_EveryLineOnce()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("fleetportal-restart-").FullName;
        try
        {
            var first = new PortalFactory(dataDirectory);
            await using var machine = new AgentMachine(first.StartOnLoopback());
            await machine.EnrolAsync(first, "alice-laptop");
            var release = Path.Combine(machine.Folder, "release-rebuild");
            machine.Environment["STANDIN_HOLD_AT"] = "build";
            machine.Environment["STANDIN_RELEASE_FILE"] = release;
            var daemon = await machine.RunDaemonAsync();
            var deployment = (await first.ApproveAsync("alice-laptop", "vlc")).DeploymentId;
            await Eventually.HoldsAsync(async () => (await first.ReloadAsync(deployment)).LogLines.Any(l => l.Text == "stand-in holding at build"), "the rebuild holds at build");
            var recordedBeforeTheStop = (await first.ReloadAsync(deployment)).LogLines.Count;

            first.Dispose();
            await daemon.WaitForOutputAsync("The connection to the portal ended");
            await File.WriteAllTextAsync(release, "");
            // The rest of the log was printed, and its batches dropped, with no portal to take them.
            await daemon.WaitForOutputAsync($"Deployment {deployment} succeeded");
            using var second = new PortalFactory(dataDirectory);
            second.StartOnLoopback(machine.Portal.Port);

            await Eventually.HoldsAsync(async () => (await second.ReloadAsync(deployment)).Status == DeploymentStatus.Succeeded, "the result arrives after the restart");
            var log = (await second.ReloadAsync(deployment)).LogLines.OrderBy(l => l.Sequence).ToList();
            Assert.True(log.Count > recordedBeforeTheStop, $"{log.Count} lines recorded, {recordedBeforeTheStop} of them before the portal stopped");
            Assert.Equal(Enumerable.Range(0, log.Count), log.Select(l => l.Sequence));
            Assert.Equal("building Nix...", log[0].Text);
            Assert.StartsWith("Done. The new configuration is", log[^1].Text, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Enrol_WhileAnotherWriterHoldsTheDatabase_IsAnswered503_AndTheAgentAsksAgainAndEnrols()
    {
        using var portal = new PortalFactory();
        var database = Path.Combine(portal.DataDirectory, "impatient.db");
        var logs = new CapturingLoggerProvider();
        portal.With("ConnectionStrings:Fleet", $"Data Source={database};Default Timeout=1").WithLogger(logs);
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        var code = await portal.EnrolmentCodeAsync("alice-laptop");
        Task<(int ExitCode, string Output)> enrolling;

        // Another writer on the file (a backup, a second portal): the enrolment's write waits a second, then gives up.
        await using (var other = new SqliteConnection($"Data Source={database}"))
        {
            await other.OpenAsync();
            await using var transaction = await other.BeginTransactionAsync();
            enrolling = machine.RunAsync("enroll", "--code", code);
            await Eventually.HoldsAsync(() => logs.Messages.Any(m => m.Contains("/api/agent/enroll with 503")), "the portal answered the enrolment 503");
            await transaction.RollbackAsync();
        }

        var (exitCode, output) = await enrolling;

        Assert.True(exitCode == 0, "enroll failed: " + output);
        Assert.Contains("The portal is busy; asking again", output);
        await using var db = portal.CreateDbContext();
        Assert.Equal(1, await db.Hosts.CountAsync(h => h.Name == "alice-laptop" && h.CurrentRevisionNumber == 1));
    }

    [Theory]
    [InlineData("after-switch", true)]
    [InlineData("build", false)]
    public async Task AgentKilledMidRebuild_ReportsTheTrueOutcomeAfterItRestarts(string killedAt, bool switched)
    {
        using var portal = new PortalFactory();
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        machine.Environment["STANDIN_HOLD_AT"] = killedAt;
        machine.Environment["STANDIN_RELEASE_FILE"] = Path.Combine(machine.Folder, "never");
        var daemon = await machine.RunDaemonAsync();
        var deployment = await portal.ReloadAsync((await portal.ApproveAsync("alice-laptop", "vlc")).DeploymentId);
        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment.Id)).LogLines.Any(l => l.Text == "stand-in holding at " + killedAt), "the rebuild reaches " + killedAt);

        await daemon.KillAsync();
        machine.Environment.Remove("STANDIN_HOLD_AT");
        machine.Start("run");

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment.Id)).Status is DeploymentStatus.Succeeded or DeploymentStatus.Failed, "the outcome is reported");
        var outcome = await portal.ReloadAsync(deployment.Id);
        if (switched)
        {
            Assert.Equal((DeploymentStatus.Succeeded, 2), (outcome.Status, outcome.ResultGeneration));
        }
        else
        {
            Assert.Equal(DeploymentStatus.Failed, outcome.Status);
            Assert.Contains("stopped during the rebuild", outcome.Error);
            Assert.Contains("generation 1 is still running", outcome.Error);
        }

        Assert.Single(machine.SystemTree.RebuildRuns);
    }

    [Fact]
    public async Task TamperedBundle_IsRefusedAndReported_AndNothingIsApplied()
    {
        using var portal = new PortalFactory();
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        var deployment = await portal.ReloadAsync((await portal.ApproveAsync("alice-laptop", "vlc")).DeploymentId);
        var revision = new { Number = deployment.RevisionNumber };
        await using (var db = portal.CreateDbContext())
        {
            var file = await db.RevisionFiles.FirstAsync(f => f.Path == "configuration.nix" && db.Revisions.Any(r => r.Id == f.RevisionId && r.Number == deployment.RevisionNumber));
            file.Content += "\n# changed after approval\n";
            await db.SaveChangesAsync();
        }

        await machine.RunDaemonAsync();

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment.Id)).Status == DeploymentStatus.Failed, "the deployment failed");
        Assert.Contains("does not match the approved content hash", (await portal.ReloadAsync(deployment.Id)).Error);
        Assert.Empty(machine.SystemTree.RebuildRuns);
        Assert.False(Directory.Exists(Path.Combine(machine.StateDirectory, "revisions", revision.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task FailedRebuild_ReportsTheExitCodeAndTheLastLines()
    {
        using var portal = new PortalFactory();
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        machine.Environment["STANDIN_FAIL"] = "100";
        await machine.RunDaemonAsync();

        var deployment = await portal.ReloadAsync((await portal.ApproveAsync("alice-laptop", "vlc")).DeploymentId);

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment.Id)).Status == DeploymentStatus.Failed, "the deployment failed");
        var failed = await portal.ReloadAsync(deployment.Id);
        Assert.Equal(100, failed.ExitCode);
        Assert.Contains("error: undefined variable 'nonexistent'", failed.Error);
        Assert.Equal(1, (await portal.ReloadHostAsync(1)).State.CurrentGeneration);
    }

    [Fact]
    public async Task Rollback_SwitchesTheSystemProfileBackAndActivatesThatGeneration()
    {
        using var portal = new PortalFactory();
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        await machine.RunDaemonAsync();
        var upgrade = await portal.ReloadAsync((await portal.ApproveAsync("alice-laptop", "vlc")).DeploymentId);
        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(upgrade.Id)).Status == DeploymentStatus.Succeeded, "the upgrade succeeded");

        var rollback = await portal.RollbackAsync("alice-laptop", 1);

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(rollback.Id)).FinishedAt is not null, "the rollback finished");
        var done = await portal.ReloadAsync(rollback.Id);
        Assert.True(done.Status == DeploymentStatus.Succeeded, done.Error);
        Assert.Equal(1, done.ResultGeneration);
        await Eventually.HoldsAsync(async () => (await portal.ReloadHostAsync(1)).State.CurrentGeneration == 1, "the host reports generation 1 again");
        Assert.Equal("24.05.standin-1 (Uakari)", machine.SystemTree.CurrentSystemFile("nixos-version").Trim());
    }

    [Fact]
    public async Task RevokedToken_DisconnectsTheAgent_WhichSaysWhyInItsStatus()
    {
        using var portal = new PortalFactory();
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        var daemon = await machine.RunDaemonAsync();

        await portal.Services.GetRequiredService<AgentRevocations>().RevokeAsync(1, FleetSeed.Support);

        await daemon.WaitForOutputAsync("refused this machine's token");
        var (_, status) = await machine.RunAsync("status");
        Assert.Contains("not connected: the portal refused this machine's token", status);
        Assert.False((await portal.ReloadHostAsync(1)).State.IsOnline);
    }

    [Fact]
    public async Task Enrol_WithAWrongCode_FailsWithThePortalsReason_AndStoresNoToken()
    {
        using var portal = new PortalFactory();
        await using var machine = new AgentMachine(portal.StartOnLoopback());

        var (exitCode, output) = await machine.RunAsync("enroll", "--code", "WRON-GCOD");

        Assert.Equal(1, exitCode);
        Assert.Contains("Enrolment failed: This enrolment code is not known.", output);
        Assert.False(File.Exists(Path.Combine(machine.StateDirectory, "token")));
    }

    private static async Task<StartedMachine> StartedMachineAsync(string dataDirectory, int port)
    {
        var portal = new PortalFactory(dataDirectory);
        var machine = new AgentMachine(portal.StartOnLoopback(port));
        await machine.EnrolAsync(portal, "alice-laptop");
        var daemon = await machine.RunDaemonAsync();
        return new StartedMachine(portal, machine, daemon);
    }

    private sealed record StartedMachine(PortalFactory PortalFactory, AgentMachine Machine, AgentProcess Daemon) : IAsyncDisposable
    {
        public Uri Portal => Machine.Portal;

        public ValueTask DisposeAsync() => Machine.DisposeAsync();
    }
}
