using FleetPortal.EndToEnd.Tests.Infrastructure;
using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FleetPortal.EndToEnd.Tests.ScaleOut;

/// <summary>
/// Two portal processes, A and B, on one PostgreSQL database and one Redis server, with real agent
/// processes connected to one or the other: what happens on one process reaches the agents and the
/// open pages of the other.
/// </summary>
public sealed class TwoPortalProcessesTests(PortalPair portals) : IClassFixture<PortalPair>
{
    [ServersFact]
    public async Task Approval_ThroughPortalA_ReachesTheAgentConnectedToPortalB_AtOnceAndExactlyOnce()
    {
        using var api = new FleetApi(portals.A);
        await using var alice = await ScaleOutMachines.EnrolledAsync(api, portals.B.Address, "alice-laptop");
        await using var bob = await ScaleOutMachines.EnrolledAsync(api, portals.A.Address, "bob-desktop");
        var aliceDaemon = await alice.RunDaemonAsync();
        var bobDaemon = await bob.RunDaemonAsync();

        var approval = await api.ApproveAsync("alice-laptop", "vlc");

        await api.WaitForStatusAsync(approval.DeploymentId, DeploymentStatus.Succeeded);
        Assert.Equal(1, ScaleOutMachines.Receipts(aliceDaemon, approval.DeploymentId));
        Assert.Single(alice.SystemTree.RebuildRuns);
        Assert.Contains("pkgs.vlc", alice.SystemTree.CurrentSystemFile("fleetportal-packages.nix"));
        // Pushed over the connection the agent already had: it never had to connect again to get it.
        Assert.Equal(1, ScaleOutMachines.Connections(aliceDaemon));
        var delivered = await api.AuditAsync("alice-laptop", AuditActions.DeploymentDelivered);
        Assert.Single(delivered.Items, e => e.DeploymentId == approval.DeploymentId);
        Assert.Empty(bob.SystemTree.RebuildRuns);
        Assert.DoesNotContain(" received", bobDaemon.Output, StringComparison.Ordinal);
    }

    [ServersFact]
    public async Task PagesOnPortalA_FollowAnAgentWhoseEventsPortalBHandles_WithoutAReload()
    {
        using var api = new FleetApi(portals.A);
        using var apiB = new FleetApi(portals.B);
        await api.CreateUserAsync("sam@example.org", "Sam Support", Roles.Support);
        await using var carol = await ScaleOutMachines.EnrolledAsync(api, portals.B.Address, "carol-laptop");
        var release = Path.Combine(carol.Folder, "release-rebuild");
        carol.Environment["STANDIN_HOLD_AT"] = "build";
        carol.Environment["STANDIN_RELEASE_FILE"] = release;
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(portals.A.Address);
        await page.SignInAsync("sam@example.org", Accounts.Password);

        // Online: the agent says hello to B; the host page served by A shows it.
        await page.GotoInteractiveAsync("hosts/carol-laptop");
        await Assertions.Expect(page.Locator(".online-state")).ToHaveTextAsync("offline");
        await MarkAsync(page);
        var daemon = await carol.RunDaemonAsync();
        await Assertions.Expect(page.Locator(".online-state")).ToHaveTextAsync("online");
        await AssertNotReloadedAsync(page);

        // A deployment approved on B, run by the agent on B: its page on A follows the log and the result.
        var approval = await apiB.ApproveAsync("carol-laptop", "inkscape");
        await page.GotoInteractiveAsync($"deployments/{approval.DeploymentId}");
        await MarkAsync(page);
        await Assertions.Expect(page.Locator("#deployment-log")).ToContainTextAsync("building '/nix/store/");
        await Assertions.Expect(page.Locator("#deployment-status")).ToContainTextAsync("running");
        await File.WriteAllTextAsync(release, "");
        await Assertions.Expect(page.Locator("#deployment-log")).ToContainTextAsync("Done. The new configuration is");
        await Assertions.Expect(page.Locator("#deployment-status")).ToContainTextAsync("succeeded");
        await AssertNotReloadedAsync(page);

        // Offline: the agent's connection to B ends; the host page on A shows it.
        await page.GotoInteractiveAsync("hosts/carol-laptop");
        await Assertions.Expect(page.Locator(".online-state")).ToHaveTextAsync("online");
        await MarkAsync(page);
        await daemon.KillAsync();
        await Assertions.Expect(page.Locator(".online-state")).ToHaveTextAsync("offline");
        await AssertNotReloadedAsync(page);
        await page.Context.CloseAsync();
    }

    private static Task MarkAsync(IPage page) => page.EvaluateAsync("() => { window.fpNotReloaded = true; }");

    private static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.fpNotReloaded === true"), "the page was reloaded");
}
