using Bunit;
using FleetPortal.Web.Components.Pages.Enrolment;
using FleetPortal.Web.Data;

namespace FleetPortal.Web.Tests.Components;

public sealed class EnrolPageTests : PortalComponentTest
{
    [Fact]
    public async Task MakeCode_ShowsTheCodeItsExpiryAndTheExactCommand()
    {
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<EnrolPage>();

        page.Find("#enrol-host").Change("alice-laptop");
        page.Find("#make-code").Click();

        var code = page.WaitForElement("#code").TextContent;
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        Assert.Equal($"fleetportal-agent enroll --server http://localhost --code {code}", page.Find("#enrol-command").TextContent);
        Assert.Contains("Valid once, until", page.Find("#code-expiry").TextContent);
    }

    [Fact]
    public async Task MakeCode_ForAnInvalidHostName_SaysWhyInPlace()
    {
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<EnrolPage>();

        page.Find("#enrol-host").Change("Alice's laptop");
        page.Find("#make-code").Click();

        page.WaitForAssertion(() => Assert.Contains("mud-input-error", page.Markup));
        Assert.Empty(page.FindAll("#code"));
    }
}
