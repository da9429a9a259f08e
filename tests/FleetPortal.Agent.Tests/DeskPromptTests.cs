using FleetPortal.Agent.Tests.Infrastructure;
using FleetPortal.Core.Deferrals;
using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Agent.Tests;

public sealed class DeskPromptTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Approval_IsAskedAtTheDesk_Later_ThenReminded_ThenUpgradeNow_StreamsTheLogAndSucceeds()
    {
        await using var bus = await SessionBus.StartAsync();
        using var notifications = await TestNotificationService.StartAsync(bus.Address);
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        var daemon = await machine.RunDaemonAsync();
        machine.Environment["DBUS_SESSION_BUS_ADDRESS"] = bus.Address;
        machine.Start("prompt");
        await daemon.WaitForOutputAsync("is listening");
        await portal.PolicyAsync(1, PromptMode.Ask, maxDeferrals: 2, deadlineIn: TimeSpan.FromDays(3));

        var deployment = await portal.ReloadAsync((await portal.ApproveAsync("alice-laptop", "firefox", "vlc")).DeploymentId);

        var question = await notifications.Shown.Reader.NextAsync("the upgrade question on the desktop");
        Assert.Equal("FleetPortal", question.Application);
        Assert.Contains("firefox, vlc added", question.Body);
        Assert.Equal(["now", "later", "tomorrow"], question.ActionKeys);
        Assert.Equal(["Upgrade now", "Later", "Tomorrow"], question.ActionLabels);
        notifications.Invoke(question, "later");
        await Eventually.HoldsAsync(async () => await portal.ReloadAsync(deployment.Id) is { Status: DeploymentStatus.Deferred, DeferralCount: 1 }, "the portal records the deferral");

        var reminder = await notifications.Shown.Reader.NextAsync("the reminder after 'Later'");
        Assert.Contains("firefox, vlc added", reminder.Body);
        notifications.Invoke(reminder, "now");

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment.Id)).Status == DeploymentStatus.Succeeded, "the deployment succeeded. Agent output:\n" + daemon.Output);
        var done = await portal.ReloadAsync(deployment.Id);
        Assert.Equal(2, done.ResultGeneration);
        Assert.Contains(done.LogLines, l => l.Text == "reloading user units for alice...");
        Assert.Contains("pkgs.firefox", machine.SystemTree.CurrentSystemFile("fleetportal-packages.nix"));
        await using var db = portal.CreateDbContext();
        var steps = await db.AuditEvents.Where(e => e.DeploymentId == deployment.Id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
        Assert.Equal([AuditActions.DeploymentCreated, AuditActions.ChangeApproved, AuditActions.DeploymentDelivered, AuditActions.DeploymentDeferred, AuditActions.DeploymentAccepted, AuditActions.DeploymentStarted, AuditActions.DeploymentSucceeded], steps);
        var accepted = await db.AuditEvents.SingleAsync(e => e.DeploymentId == deployment.Id && e.Action == AuditActions.DeploymentAccepted);
        Assert.Equal($"{Environment.UserName} at alice-laptop chose \"Upgrade now\".", accepted.Details);
    }

    [Fact]
    public async Task PastTheDeadline_ItInstallsWithoutAskingAndSaysSo()
    {
        await using var bus = await SessionBus.StartAsync();
        using var notifications = await TestNotificationService.StartAsync(bus.Address);
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");
        var daemon = await machine.RunDaemonAsync();
        machine.Environment["DBUS_SESSION_BUS_ADDRESS"] = bus.Address;
        machine.Start("prompt");
        await daemon.WaitForOutputAsync("is listening");
        await portal.PolicyAsync(1, PromptMode.Ask, deadlineIn: TimeSpan.FromSeconds(-1));

        var deployment = await portal.ReloadAsync((await portal.ApproveAsync("alice-laptop", "vlc")).DeploymentId);

        var notice = await notifications.Shown.Reader.NextAsync("the notice that it installs now");
        Assert.Contains("deadline", notice.Body);
        Assert.Empty(notice.Actions);
        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment.Id)).Status == DeploymentStatus.Succeeded, "the deployment succeeded");
    }
}
