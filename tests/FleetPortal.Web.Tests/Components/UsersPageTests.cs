using Bunit;
using FleetPortal.Web.Components.Pages.Users;
using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Components;

public sealed class UsersPageTests : PortalComponentTest
{
    [Fact]
    public async Task MakeAccount_AsFamilyAdminOfAFamily_ListsThemWithTheirFamily()
    {
        await SignInAsync("Sam Support", Roles.Support);
        await using (var db = CreateDbContext())
        {
            db.Families.Add(new Family { Name = "Miller" });
            await db.SaveChangesAsync();
        }

        var page = Render<UsersPage>();
        page.Find("#new-email").Change("alice@example.org");
        page.Find("#new-name").Change("Alice Miller");
        page.Find("#new-password").Change("Correct-Horse-42");
        await page.InvokeAsync(() => page.FindComponent<RoleAndFamilies>().Instance.FamilyIdsChanged.InvokeAsync([1]));
        page.Find("#create-account").Click();

        page.WaitForAssertion(() => Assert.Contains("alice@example.org", page.Find("#users-table").TextContent));
        var row = page.FindAll("#users-table tbody tr").Single(r => r.TextContent.Contains("alice@example.org"));
        Assert.Contains("FamilyAdmin", row.TextContent);
        Assert.Contains("Miller", row.TextContent);
        await using var check = CreateDbContext();
        Assert.Equal("user.created", (await check.AuditEvents.SingleAsync()).Action);
    }

    [Fact]
    public async Task MakeAccount_WithoutEmailOrName_SaysWhatIsMissing()
    {
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<UsersPage>();
        page.Find("#new-password").Change("Correct-Horse-42");

        page.Find("#create-account").Click();

        var errors = page.Find("#new-account-errors").TextContent;
        Assert.Contains("The email address needs an @", errors);
        Assert.Contains("The name is empty", errors);
    }

    [Fact]
    public async Task MakeAccount_WithAWeakPassword_SaysHowItFallsShort()
    {
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<UsersPage>();
        page.Find("#new-email").Change("alice@example.org");
        page.Find("#new-name").Change("Alice");
        page.Find("#new-password").Change("short");

        page.Find("#create-account").Click();

        page.WaitForAssertion(() => Assert.Contains("Passwords must be at least", page.Find("#new-account-errors").TextContent));
    }

    [Fact]
    public async Task MakeFamily_AddsItToTheChoicesAndTheNameIsChecked()
    {
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<UsersPage>();

        page.Find("#create-family").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.Find("#new-family-errors").TextContent));

        page.Find("#new-family").Change("Miller");
        page.Find("#create-family").Click();

        page.WaitForAssertion(() => Assert.Contains("Existing families: Miller", page.Markup));
        await using var db = CreateDbContext();
        Assert.Equal("Miller", (await db.Families.SingleAsync()).Name);
    }
}
