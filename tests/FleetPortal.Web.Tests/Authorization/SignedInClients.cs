using System.Net;
using System.Text.RegularExpressions;
using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Authorization;

/// <summary>Accounts made through Identity, and HTTP clients signed in through the real sign-in form.</summary>
internal static partial class SignedInClients
{
    public const string Password = "Correct-Horse-42";

    public static async Task<string> CreateAccountAsync(PortalFactory portal, string email, string? role, params int[] familyIds)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var user = new PortalUser { UserName = email, Email = email, DisplayName = email.Split('@')[0], EmailConfirmed = true };
        Check(await users.CreateAsync(user, Password));
        if (role is not null)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }

            Check(await users.AddToRoleAsync(user, role));
        }

        await using var db = portal.CreateDbContext();
        db.FamilyMemberships.AddRange(familyIds.Select(id => new FamilyMembership { UserId = user.Id, FamilyId = id }));
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>A client that does not follow redirects, so a test sees where the portal sends it.</summary>
    public static HttpClient Anonymous(PortalFactory portal) =>
        portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static async Task<HttpClient> SignInAsync(PortalFactory portal, string email, string password = Password)
    {
        var client = Anonymous(portal);
        var response = await PostSignInAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location!.OriginalString.Contains("Lockout"))
        {
            throw new InvalidOperationException($"Signing in as {email} gave {(int)response.StatusCode} {response.Headers.Location}.");
        }

        return client;
    }

    /// <summary>Fills in and sends the sign-in form, as a browser would.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
