using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests;

[RequiresServers]
public sealed class StartupOnPostgresTests
{
    [Fact]
    public async Task Start_OnAnEmptyPostgresDatabase_AppliesThePostgresMigrationsWithNativeTimestamps()
    {
        using var portal = PortalFactory.OnPostgres();
        using var client = portal.CreateClient();

        var response = await client.GetAsync("/openapi/v1.json");

        response.EnsureSuccessStatusCode();
        await using var db = portal.CreateDbContext();
        Assert.IsType<PostgresFleetDbContext>(db);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        var createdAt = db.Model.FindEntityType(typeof(Deployment))!.FindProperty(nameof(Deployment.CreatedAt))!;
        Assert.Equal("timestamp with time zone", createdAt.GetColumnType());
    }

    [Fact]
    public async Task Start_TwoPortalsAtOnceOnOneNewDatabase_BothComeUpOnOneSchema()
    {
        var database = TestServers.CreateDatabase();
        try
        {
            using var first = new PortalFactory().OnPostgres(database);
            using var second = new PortalFactory().OnPostgres(database);

            var started = await Task.WhenAll(
                Task.Run(() => first.CreateClient().GetAsync("/openapi/v1.json")),
                Task.Run(() => second.CreateClient().GetAsync("/openapi/v1.json")));

            Assert.All(started, response => response.EnsureSuccessStatusCode());
            await using var db = first.CreateDbContext();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        finally
        {
            TestServers.DropDatabase(database);
        }
    }
}
