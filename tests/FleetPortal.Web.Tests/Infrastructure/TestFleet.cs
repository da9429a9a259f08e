using System.Net.Http.Headers;
using FleetPortal.Core.Bundles;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Services.Tokens;
using FleetPortal.Web.Services.Users;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>Builds a small fleet in a test portal's database: families, people, tokens, hosts with a first revision.</summary>
public static class TestFleet
{
    public const string Password = "Test-password-1";

    public const string ConfigurationNix = "{ config, pkgs, ... }:\n{\n  imports = [ ./hardware-configuration.nix ];\n  networking.hostName = \"test\";\n}\n";

    public const string HardwareConfigurationNix = "{ ... }:\n{\n  fileSystems.\"/\" = { device = \"/dev/sda1\"; fsType = \"ext4\"; };\n}\n";

    /// <summary>Runs <paramref name="use"/> with a service of the portal, in a scope of its own.</summary>
    public static async Task<TResult> WithAsync<TService, TResult>(this PortalFactory portal, Func<TService, Task<TResult>> use)
        where TService : notnull
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static async Task WithAsync<TService>(this PortalFactory portal, Func<TService, Task> use)
        where TService : notnull
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static async Task<Family> CreateFamilyAsync(this PortalFactory portal, string name, bool requiresSecondApprover = false)
    {
        await using var db = portal.CreateDbContext();
        var family = new Family { Name = name, RequiresSecondApprover = requiresSecondApprover };
        db.Families.Add(family);
        await db.SaveChangesAsync();
        return family;
    }

    public static Task<Actor> CreateSupportAsync(this PortalFactory portal, string name = "Sam Support") =>
        portal.CreateUserAsync(name, [Roles.Support], []);

    public static Task<Actor> CreateFamilyAdminAsync(this PortalFactory portal, string name, params int[] familyIds) =>
        portal.CreateUserAsync(name, [Roles.FamilyAdmin], familyIds);

    public static async Task<Actor> CreateUserAsync(this PortalFactory portal, string name, string[] roles, int[] familyIds)
    {
        var email = name.ToLowerInvariant().Replace(' ', '.') + "@example.test";
        var id = await portal.WithAsync<UserAccounts, string>(users => users.CreateUncheckedAsync(new NewPortalUser(email, name, Password, roles, familyIds)));
        return Actor.ForUser(id, name, roles, familyIds);
    }

    /// <summary>A host with revision 1 (configuration.nix, hardware-configuration.nix and <paramref name="packages"/>).</summary>
    public static async Task<Host> CreateHostAsync(this PortalFactory portal, string name, int? familyId = null, params string[] packages)
    {
        await using var db = portal.CreateDbContext();
        var time = portal.Services.GetRequiredService<TimeProvider>();
        var revision = RevisionBuilder.First(
            packages,
            [new BundleFile("configuration.nix", ConfigurationNix), new BundleFile("hardware-configuration.nix", HardwareConfigurationNix)],
            $"agent of {name}",
            time.GetUtcNow());
        var host = new Host { Name = name, FamilyId = familyId, CreatedAt = time.GetUtcNow(), CurrentRevisionNumber = 1, Revisions = [revision] };
        db.Hosts.Add(host);
        await db.SaveChangesAsync();
        return host;
    }

    /// <summary>A personal access token of <paramref name="actor"/>.</summary>
    public static async Task<string> CreateTokenAsync(this PortalFactory portal, Actor actor) =>
        (await portal.WithAsync<PersonalAccessTokens, CreatedAccessToken>(tokens => tokens.CreateAsync(actor, "test"))).Token;

    /// <summary>An HTTP client that calls the API with <paramref name="token"/>.</summary>
    public static HttpClient CreateApiClient(this PortalFactory portal, string? token)
    {
        var client = portal.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}
