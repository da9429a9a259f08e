using Bunit;
using Bunit.TestDoubles;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Notifications;
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
        JSInterop.Mode = JSRuntimeMode.Loose;
        var connectionString = $"Data Source={Path.Combine(directory, "fleetportal.db")}";
        Services.AddDbContextFactory<FleetDbContext>(db => db.UseSqlite(connectionString));
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton<IFleetNotifier, InProcessFleetNotifier>();
        Services.AddLogging();
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

    public async Task InitializeAsync()
    {
        await using var db = CreateDbContext();
        await db.Database.MigrateAsync();
    }

    protected FleetDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<FleetDbContext>>().CreateDbContext();

    /// <summary>Signs in as a person with the given role, with the policies that role passes.</summary>
    protected void SignInAs(string name, string role)
    {
        Authorization.SetAuthorized(name);
        Authorization.SetRoles(role);
        Authorization.SetPolicies(role == Roles.Support
            ? [PortalPolicies.Support, PortalPolicies.Staff]
            : [PortalPolicies.FamilyAdmin, PortalPolicies.Staff]);
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
