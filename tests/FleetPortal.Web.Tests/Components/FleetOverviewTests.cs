using Bunit;
using FleetPortal.Web.Components.Pages.Fleet;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Components;

public sealed class FleetOverviewTests : PortalComponentTest
{
    [Fact]
    public async Task Render_ShowsCountsAndTheHostsTheFamilyAdminMaySee()
    {
        var miller = await CreateFamilyAsync("Miller");
        var okafor = await CreateFamilyAsync("Okafor");
        await CreateHostAsync("miller-laptop", miller.Id, "firefox");
        await CreateHostAsync("miller-desktop", miller.Id);
        await CreateHostAsync("okafor-laptop", okafor.Id);
        await SignInAsync("Mia Miller", Roles.FamilyAdmin, miller.Id);

        var page = Render<FleetOverview>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".host-link").Count));
        Assert.Equal(["miller-desktop", "miller-laptop"], page.FindAll(".host-link").Select(a => a.TextContent));
        Assert.Equal("2", page.Find("#count-hosts").TextContent);
        Assert.Equal("2", page.Find("#count-offline").TextContent);
    }

    [Fact]
    public async Task Search_ByPackage_FindsTheHostsThatHaveIt()
    {
        await CreateHostAsync("alice-laptop", null, "vlc");
        await CreateHostAsync("bob-desktop", null, "gimp");
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<FleetOverview>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".host-link").Count));

        page.Find("#host-search").Input("vlc");

        // The search waits for typing to pause, on the portal's clock, which moves on until it has.
        page.WaitForAssertion(() =>
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(["alice-laptop"], page.FindAll(".host-link").Select(a => a.TextContent));
        });
    }

    [Fact]
    public async Task HostConnecting_UpdatesItsRowAndTheCountsWithoutReload()
    {
        var host = await CreateHostAsync("alice-laptop", null);
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<FleetOverview>();
        page.WaitForAssertion(() => Assert.Contains("offline", page.Find(".online-state").TextContent));

        await using (var db = CreateDbContext())
        {
            await db.Hosts.Where(h => h.Id == host.Id).ExecuteUpdateAsync(u => u.SetProperty(h => h.State.IsOnline, true));
        }

        await Notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, host.Id));

        page.WaitForAssertion(() => Assert.Contains("online", page.Find(".online-state").TextContent));
        Assert.Equal("1", page.Find("#count-online").TextContent);
    }

    [Fact]
    public async Task TenThousandHosts_AreCountedPagedAndSearchedByTheDatabase()
    {
        await using (var db = CreateDbContext())
        {
            var family = new Family { Name = "Fleet" };
            db.Families.Add(family);
            await db.SaveChangesAsync();
            db.Hosts.AddRange(Enumerable.Range(0, 10_000).Select(i => new Host
            {
                Name = $"host-{i:D5}",
                FamilyId = family.Id,
                CreatedAt = Time.GetUtcNow(),
                State = new HostState { IsOnline = i % 4 == 0, RebootNeeded = i % 10 == 0 },
            }));
            await db.SaveChangesAsync();
        }

        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<FleetOverview>();

        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll(".host-link").Count));
        Assert.Equal("10000", page.Find("#count-hosts").TextContent);
        Assert.Equal("2500", page.Find("#count-online").TextContent);
        Assert.Equal("1000", page.Find("#count-reboot-needed").TextContent);
        Assert.Equal("host-00000", page.Find(".host-link").TextContent);

        page.Find("#host-search").Input("host-0999");

        page.WaitForAssertion(() =>
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(10, page.FindAll(".host-link").Count);
        });
        Assert.Equal("host-09990", page.Find(".host-link").TextContent);
    }
}
