using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task Start_OnAnEmptyFolder_CreatesTheDatabaseWithEveryMigrationApplied()
    {
        using var portal = new PortalFactory();
        using var client = portal.CreateClient();

        var response = await client.GetAsync("/openapi/v1.json");

        response.EnsureSuccessStatusCode();
        Assert.True(File.Exists(Path.Combine(portal.DataDirectory, "fleetportal.db")));
        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }
}
