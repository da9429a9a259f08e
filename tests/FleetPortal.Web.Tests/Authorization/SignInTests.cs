using System.Net;
using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Authorization;

public sealed class SignInTests : IDisposable
{
    private readonly PortalFactory portal = new();

    [Fact]
    public async Task SignIn_WithAWrongPassword_SaysSoOnTheForm()
    {
        await SignedInClients.CreateAccountAsync(portal, "sam@example.org", Roles.Support);

        var response = await SignedInClients.PostSignInAsync(SignedInClients.Anonymous(portal), "sam@example.org", "wrong");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is not right.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignIn_AfterFiveWrongPasswords_LocksTheAccountEvenForTheRightOne()
    {
        await SignedInClients.CreateAccountAsync(portal, "sam@example.org", Roles.Support);
        var client = SignedInClients.Anonymous(portal);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignedInClients.PostSignInAsync(client, "sam@example.org", "wrong")).StatusCode);
        }

        var fifth = await SignedInClients.PostSignInAsync(client, "sam@example.org", "wrong");
        var rightPassword = await SignedInClients.PostSignInAsync(client, "sam@example.org", SignedInClients.Password);

        Assert.EndsWith("Account/Lockout", fifth.Headers.Location?.OriginalString);
        Assert.EndsWith("Account/Lockout", rightPassword.Headers.Location?.OriginalString);
        Assert.Contains("This account is locked", await client.GetStringAsync("/Account/Lockout"));
    }

    public void Dispose() => portal.Dispose();
}
