using Bunit;
using FleetPortal.Web.Components.Pages.Profile;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Security;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Components;

public sealed class ProfilePageTests : PortalComponentTest
{
    [Fact]
    public async Task MakeToken_ShowsItOnceAndStoresOnlyItsHash()
    {
        await SignInAsync("Mia Miller", Roles.FamilyAdmin);
        var page = Render<ProfilePage>();

        page.Find("#token-name").Change("backup script");
        page.Find("#create-token").Click();

        var token = page.WaitForElement("#token-value").TextContent;
        Assert.StartsWith("fpt_", token);
        Assert.Contains("backup script", page.Find("#tokens").TextContent);
        await using var db = CreateDbContext();
        Assert.Equal(SecretTokens.Hash(token), (await db.PersonalAccessTokens.SingleAsync()).TokenHash);

        page.Find(".revoke-token").Click();

        page.WaitForAssertion(() => Assert.Contains("revoked", page.Find("#tokens").TextContent));
        Assert.Empty(page.FindAll("#token-value"));
    }

    [Fact]
    public async Task MakeToken_WithoutAName_SaysWhatItNeeds()
    {
        await SignInAsync("Mia Miller", Roles.FamilyAdmin);
        var page = Render<ProfilePage>();

        page.Find("#create-token").Click();

        page.WaitForAssertion(() => Assert.Contains("A token's name is required", page.Markup));
        Assert.Empty(page.FindAll("#token-value"));
    }
}
