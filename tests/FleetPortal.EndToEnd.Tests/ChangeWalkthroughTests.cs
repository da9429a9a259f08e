using FleetPortal.EndToEnd.Tests.Infrastructure;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FleetPortal.EndToEnd.Tests;

/// <summary>A package change from a support person's browser to a family admin's phone and back to the deployment.</summary>
public sealed class ChangeWalkthroughTests(LivePortal portal) : IClassFixture<LivePortal>
{
    [Fact]
    public async Task SupportProposes_FamilyAdminApprovesOnTheirPhone_TheDeploymentAppearsAndItsLogStreams()
    {
        var (miller, _) = await DemoFleet.CreateAsync(portal.Factory);
        await Accounts.CreateAsync(portal.Factory, "mia@example.org", "Mia Miller", Roles.FamilyAdmin, miller);

        // Support, at a desk: the fleet, then a package for alice-laptop with its diff.
        var support = await portal.NewPageAsync();
        await support.SignInAsync("sam@example.org", Accounts.Password);
        await support.WaitForInteractiveAsync();
        await Assertions.Expect(support.Locator(".host-link")).ToHaveCountAsync(8);
        await Assertions.Expect(support.Locator("#signed-in-as")).ToHaveTextAsync("Sam Support");
        await support.ScreenshotAsync("fleet-overview");

        await support.GotoInteractiveAsync("hosts/alice-laptop");
        await support.FillAsync("#package-input", "vl");
        await support.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "vlc" }).First.ClickAsync();
        await Assertions.Expect(support.Locator("#proposal .package-diff")).ToContainTextAsync("+ vlc");
        await support.FillAsync("#change-reason", "Alice needs it for school videos");
        await support.Locator("#change-reason").BlurAsync();
        await support.EvaluateAsync("() => window.scrollTo(0, 0)");
        await support.ScreenshotAsync("host-editor", fullPage: true);
        await support.ClickAsync("#propose-change");
        await Assertions.Expect(support.Locator("#proposal")).ToHaveCountAsync(0);

        // The family admin, on a phone, in a browser of their own.
        var admin = await portal.NewPageAsync(width: 390, height: 844);
        await admin.SignInAsync("mia@example.org", Accounts.Password);
        await admin.GotoInteractiveAsync("approvals");
        var card = admin.Locator(".change-card");
        await Assertions.Expect(card).ToContainTextAsync("Sam Support wants to add vlc on alice-laptop: Alice needs it for school videos");
        await admin.ScreenshotAsync("approvals-phone");
        await card.Locator(".approve").ClickAsync();
        await Assertions.Expect(admin.Locator("#no-approvals")).ToBeVisibleAsync();

        // Back at the desk: the deployment is there, and its log streams in as the agent reports it.
        await support.GotoInteractiveAsync("deployments");
        var row = support.Locator("#deployments tbody tr", new PageLocatorOptions { HasText = "alice-laptop" });
        await Assertions.Expect(row).ToContainTextAsync("switch to revision 2");
        await Assertions.Expect(row).ToContainTextAsync("pending");
        await support.ScreenshotAsync("deployments");
        await row.Locator(".deployment-link").ClickAsync();
        await Assertions.Expect(support.Locator("#deployment-status")).ToContainTextAsync("pending");

        var deploymentId = await ReportRebuildAsync("alice-laptop");
        await Assertions.Expect(support.Locator("#deployment-log")).ToContainTextAsync("activating the configuration...");
        await Assertions.Expect(support.Locator("#deployment-status")).ToContainTextAsync("running");
        Assert.EndsWith($"deployments/{deploymentId}", support.Url);
        await support.ScreenshotAsync("deployment-log");

        // The host's history now holds the approved revision, with its diff.
        await support.GotoInteractiveAsync("hosts/alice-laptop");
        await support.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "History" }).ClickAsync();
        await Assertions.Expect(support.Locator("#revision-diff .package-diff")).ToContainTextAsync("+ vlc");
        await support.ScreenshotAsync("host-history");

        // The same fleet for someone whose system prefers the dark theme.
        var night = await portal.NewPageAsync(colorScheme: ColorScheme.Dark);
        await night.SignInAsync("sam@example.org", Accounts.Password);
        await night.WaitForInteractiveAsync();
        await night.WaitForFunctionAsync("() => { const c = getComputedStyle(document.body).backgroundColor.match(/\\d+/g); return c && +c[0] + +c[1] + +c[2] < 200; }");
        await Assertions.Expect(night.Locator(".host-link")).ToHaveCountAsync(8);
        await night.ScreenshotAsync("fleet-overview-dark");
    }

    /// <summary>What the agent hub writes as a rebuild runs, then the news it publishes.</summary>
    private async Task<Guid> ReportRebuildAsync(string hostName)
    {
        string[] lines =
        [
            "building the system configuration...",
            "these 3 derivations will be built:",
            "  /nix/store/8r0y1f7ahlsv0i4x7q3l4l2ajk5cbb0c-fleetportal-packages.drv",
            "copying path '/nix/store/qk0c2m3b9n1d6vl8x5s7r4p2j0h1g6f3-vlc-3.0.21' from 'https://cache.nixos.org'...",
            "activating the configuration...",
            "setting up /etc...",
            "reloading user units for alice...",
        ];
        Guid id;
        int hostId;
        await using (var db = portal.Factory.CreateDbContext())
        {
            var deployment = await db.Deployments.Include(d => d.Host).SingleAsync(d => d.Host!.Name == hostName);
            (id, hostId) = (deployment.Id, deployment.HostId);
            deployment.Status = DeploymentStatus.Running;
            deployment.StartedAt = DateTimeOffset.UtcNow;
            db.DeploymentLogLines.AddRange(lines.Select((text, i) => new DeploymentLogLine { DeploymentId = id, Sequence = i, Text = text, At = DateTimeOffset.UtcNow }));
            await db.SaveChangesAsync();
        }

        var notifier = portal.Factory.Services.GetRequiredService<IFleetNotifier>();
        await notifier.PublishAsync(new FleetChange(FleetChangeKind.DeploymentChanged, hostId, id));
        await notifier.PublishAsync(new FleetChange(FleetChangeKind.DeploymentLog, hostId, id));
        return id;
    }
}
