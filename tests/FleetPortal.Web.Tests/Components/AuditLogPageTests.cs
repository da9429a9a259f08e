using Bunit;
using FleetPortal.Web.Components.Pages.Audit;
using FleetPortal.Web.Data;
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
