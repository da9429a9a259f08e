using FleetPortal.EndToEnd.Tests.Infrastructure;
using FleetPortal.Web.Data;
using Microsoft.Playwright;

namespace FleetPortal.EndToEnd.Tests;

public sealed class SignInAndAdministrationTests(LivePortal portal) : IClassFixture<LivePortal>
{
    [Fact]
    public async Task Support_SignsIn_ImportsTheSampleCatalog_AndSeesItInTheAuditLog()
    {
        await Accounts.CreateAsync(portal.Factory, "sam@example.org", "Sam Support", Roles.Support);
        var page = await portal.NewPageAsync();
        await page.GotoAsync("Account/Login");
        await page.ScreenshotAsync("sign-in");

        await page.SignInAsync("sam@example.org", Accounts.Password);
        await page.GotoInteractiveAsync("catalog");
        await page.Locator("input[type=file]").SetInputFilesAsync(SampleCatalogPath());

        await Assertions.Expect(page.Locator("#catalog-result")).ToContainTextAsync("Imported 298 packages");
        await Assertions.Expect(page.Locator("#catalog-state")).ToContainTextAsync("298 packages");
        await page.ScreenshotAsync("catalog");
        await page.GotoInteractiveAsync("audit");
        await Assertions.Expect(page.Locator("tbody tr").First).ToContainTextAsync("imported a package catalog of 298 packages");
        await page.ScreenshotAsync("audit-log");

        await page.GotoInteractiveAsync("enrol");
        await page.FillAsync("#enrol-host", "carol-laptop");
        await page.ClickAsync("#make-code");
        await Assertions.Expect(page.Locator("#enrol-command")).ToContainTextAsync($"fleetportal-agent enroll --server {portal.BaseAddress.TrimEnd('/')} --code ");
        await page.ScreenshotAsync("enrol");

        await page.GotoAsync("Account/Manage/ChangePassword");
        await Assertions.Expect(page.Locator(".fp-account-card h1")).ToHaveTextAsync("Your account");
        await page.ScreenshotAsync("account");
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_StaysOnTheFormAndSaysSo()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("Account/Login");
        await page.FillAsync("#Input\\.Email", "nobody@example.org");
        await page.FillAsync("#Input\\.Password", "wrong");

        await page.ClickAsync("#sign-in");

        await Assertions.Expect(page.Locator(".alert-danger")).ToContainTextAsync("The email or password is not right.");
    }

    private static string SampleCatalogPath() =>
        DemoFleet.SampleCatalogPath;
}
