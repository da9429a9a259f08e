using FleetPortal.EndToEnd.Tests.Infrastructure;
using FleetPortal.Web.Data;
using Microsoft.Playwright;

namespace FleetPortal.EndToEnd.Tests;

public sealed class FleetOverviewTests(LivePortal portal) : IClassFixture<LivePortal>
{
    [Fact]
    public async Task FleetOverview_ArrivesWithItsFirstPageOfHosts_AndTheGridTakesOverWithoutEmptyingIt()
    {
        // The demo fleet: eight hosts, and Sam from support.
        await DemoFleet.CreateAsync(portal.Factory);

        // Without scripts there is no circuit: what shows is the page as the server sent it.
        var plain = await portal.NewPageAsync(javaScript: false);
        await plain.SignInAsync("sam@example.org", Accounts.Password);
        await plain.GotoAsync("");
        await Assertions.Expect(plain.Locator("#hosts-grid .host-link")).ToHaveCountAsync(8);
        await Assertions.Expect(plain.Locator("#hosts-grid .host-link").First).ToHaveTextAsync("ada-laptop");

        // With scripts, the rows never leave the grid between the prerender and the grid's own load.
        var page = await portal.NewPageAsync();
        await page.SignInAsync("sam@example.org", Accounts.Password);
        await page.AddInitScriptAsync("""
            window.hostRows = { seen: false, emptied: false };
            new MutationObserver(() => {
                const rows = document.querySelectorAll('#hosts-grid .host-link').length;
                if (rows > 0) window.hostRows.seen = true;
                else if (window.hostRows.seen) window.hostRows.emptied = true;
            }).observe(document, { childList: true, subtree: true });
            """);
        await page.GotoInteractiveAsync("");
        await Assertions.Expect(page.Locator(".hosts-first-page")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#hosts-grid .host-link")).ToHaveCountAsync(8);
        Assert.True(await page.EvaluateAsync<bool>("window.hostRows.seen"), "The observer saw no host rows at all.");
        Assert.False(await page.EvaluateAsync<bool>("window.hostRows.emptied"), "The grid emptied between the prerendered first page and its own load.");
    }
}
