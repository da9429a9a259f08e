using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FleetPortal.Web.Data;
using FleetPortal.Core.Bundles;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Tests.Infrastructure;
using FleetPortal.Web.Services.Notifications;
using FleetPortal.Web.Services.Users;
using Microsoft.AspNetCore.Builder;
using FleetPortal.Web.Startup;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace FleetPortal.Web.Tests.Components;

/// <summary>
/// A page rendered by bunit on the portal's real services and a real SQLite file of its own
/// (migrated as at start-up); only the signed-in person is made up.
/// </summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("fleetportal-bunit-").FullName;

    protected PortalComponentTest()
    {
        // A limit for waiting on a condition, not a measure of speed: CI machines are shared and slow.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        JSInterop.Mode = JSRuntimeMode.Loose;
        var connectionString = $"Data Source={Path.Combine(directory, "fleetportal.db")}";
        Services.AddDbContextFactory<FleetDbContext>(db => db.UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(DataExtensions.CollectionsAsOneParameter)));
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddLogging();
        AddPortalServices();
        // The same schema version as the portal's, or the model would not match its migrations.
        Services.AddIdentityCore<PortalUser>(options => options.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<FleetDbContext>();
        Services.AddMudServices();
        Services.AddFleetPageServices();
        Authorization = AddAuthorization();
    }

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    protected BunitAuthorizationContext Authorization { get; }

    protected IFleetNotifier Notifier => Services.GetRequiredService<IFleetNotifier>();

    public virtual async Task InitializeAsync()
    {
        await using var db = CreateDbContext();
        await db.Database.MigrateAsync();

        // As in the portal's circuit: interactive, on the server (pages listen for changes only then).
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    protected FleetDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<FleetDbContext>>().CreateDbContext();

    /// <summary>Makes an account and signs in with it, with the policies its role passes.</summary>
    protected async Task<Actor> SignInAsync(string name, string role, params int[] familyIds)
    {
        var email = name.ToLowerInvariant().Replace(' ', '.') + "@example.test";
        string id;
        await using (var scope = Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
                .CreateUncheckedAsync(new NewPortalUser(email, name, "Test-password-1", [role], familyIds));
        }

        Authorization.SetAuthorized(email);
        Authorization.SetRoles(role);
        Authorization.SetPolicies(role == Roles.Support
            ? [PortalPolicies.Support, PortalPolicies.Staff]
            : [PortalPolicies.FamilyAdmin, PortalPolicies.Staff]);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, id));
        return Actor.ForUser(id, name, [role], familyIds);
    }

    public async Task<Family> CreateFamilyAsync(string name, bool requiresSecondApprover = false)
    {
        await using var db = CreateDbContext();
        var family = new Family { Name = name, RequiresSecondApprover = requiresSecondApprover };
        db.Families.Add(family);
        await db.SaveChangesAsync();
        return family;
    }

    /// <summary>A host with revision 1: the test fleet's configuration.nix and hardware-configuration.nix, and <paramref name="packages"/>.</summary>
    public async Task<Host> CreateHostAsync(string name, int? familyId, params string[] packages)
    {
        await using var db = CreateDbContext();
        var revision = RevisionBuilder.First(
            packages,
            [new BundleFile("configuration.nix", TestFleet.ConfigurationNix), new BundleFile("hardware-configuration.nix", TestFleet.HardwareConfigurationNix)],
            $"agent of {name}",
            Time.GetUtcNow());
        var host = new Host { Name = name, FamilyId = familyId, CreatedAt = Time.GetUtcNow(), CurrentRevisionNumber = 1, Revisions = [revision] };
        db.Hosts.Add(host);
        await db.SaveChangesAsync();
        return host;
    }

    /// <summary>A service of the portal in a scope of its own, as another request would use it.</summary>
    protected async Task<TResult> WithAsync<TService, TResult>(Func<TService, Task<TResult>> use)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Registers exactly the services the portal registers for its pages, API and hub.</summary>
    private void AddPortalServices()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.AddFleetServices();
        // What a rollout sends through: its agents' connections (none in a page test) and the hub.
        builder.AddFleetAgents();
        foreach (var service in builder.Services.Where(s => s.ServiceType != typeof(TimeProvider)))
        {
            Services.Add(service);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not fail the test; the folder is temporary anyway.
        }
    }
}
