using Bunit;
using FleetPortal.Web.Components.Pages.Audit;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Notifications;

namespace FleetPortal.Web.Tests.Components;

public sealed class AuditLogPageTests : PortalComponentTest
{
    private async Task RecordAsync(string actor, string? host, string details, int minutesAgo = 0)
    {
        await using var db = CreateDbContext();
        db.AuditEvents.Add(new AuditEvent
        {
            At = Time.GetUtcNow().AddMinutes(-minutesAgo),
            Actor = actor,
            Action = AuditActions.ChangeApproved,
            HostName = host,
            Details = details,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Render_ShowsEventsNewestFirst()
    {
        await SignInAsync("Sam Support", Roles.Support);
        await RecordAsync("Sam", "alice-laptop", "Sam approved vlc for alice-laptop.", minutesAgo: 5);
        await RecordAsync("Bob", "bob-desktop", "Bob approved gimp for bob-desktop.");

        var page = Render<AuditLogPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));
        Assert.Contains("Bob approved gimp", page.FindAll("tbody tr")[0].TextContent);
        Assert.Contains("Sam approved vlc", page.FindAll("tbody tr")[1].TextContent);
    }

    [Fact]
    public async Task ARolloutsEvent_LinksToHowFarItHasCome_ADeploymentsToTheDeployment_AndOthersToNothing()
    {
        var miller = await CreateFamilyAsync("Miller");
        await CreateHostAsync("alice-laptop", miller.Id);
        var support = await SignInAsync("Sam Support", Roles.Support);
        var rollout = await WithAsync<RolloutCommands, RolloutSummary>(r => r.RollOutAsync(support, miller.Id, null));
        await WithAsync<DeploymentCommands, DeploymentSummary>(d => d.CancelAsync(support, rollout.Deployments[0].Id, null));
        await RecordAsync("Sam", "alice-laptop", "Sam approved vlc for alice-laptop.", minutesAgo: 5);

        var page = Render<AuditLogPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tbody tr").Count));
        var links = page.FindAll("tbody tr").Select(row => row.QuerySelector("a.audit-link")?.GetAttribute("href")).ToList();
        Assert.Equal([$"deployments/{rollout.Deployments[0].Id}", $"deployments?rollout={rollout.Id}", null], links);
    }

    [Fact]
    public async Task FilterByHost_ShowsOnlyThatHostsEventsAndExportsTheSameFilter()
    {
        await SignInAsync("Sam Support", Roles.Support);
        await RecordAsync("Sam", "alice-laptop", "Sam approved vlc for alice-laptop.");
        await RecordAsync("Bob", "bob-desktop", "Bob approved gimp for bob-desktop.");
        var page = Render<AuditLogPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));

        page.Find("#filter-host").Input("alice");

        // The filter waits for typing to pause, on the portal's clock, which moves on until it has.
        page.WaitForAssertion(() =>
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            Assert.Single(page.FindAll("tbody tr"));
        });
        Assert.Contains("alice-laptop", page.Find("tbody tr").TextContent);
        Assert.Equal("audit/export.csv?host=alice", page.Find("#export-csv").GetAttribute("href"));
    }

    [Fact]
    public async Task NewEvent_WhenTheFleetChanges_AppearsWithoutReload()
    {
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<AuditLogPage>();
        page.WaitForAssertion(() => Assert.Contains("No events match", page.Markup));

        await RecordAsync("agent of alice-laptop", "alice-laptop", "alice-laptop connected.");
        await Notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, HostId: 1));

        page.WaitForAssertion(() => Assert.Contains("alice-laptop connected.", page.Find("tbody tr").TextContent));
    }
}
