using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FleetPortal.Web.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add --context FleetDbContext</c> (SQLite) and
/// <c>--context PostgresFleetDbContext</c> build their models without starting the portal or
/// reaching a server: adding a migration never opens a database.
/// </summary>
internal static class DesignTimeFactories
{
    /// <summary>The Identity store settings the portal runs with, which shape the Identity tables.</summary>
    public static DbContextOptionsBuilder<TContext> WithPortalIdentity<TContext>(this DbContextOptionsBuilder<TContext> options)
        where TContext : DbContext
    {
        var services = new ServiceCollection()
            .Configure<IdentityOptions>(identity => identity.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
            .BuildServiceProvider();
        return options.UseApplicationServiceProvider(services);
    }
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<FleetDbContext>
{
    public FleetDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FleetDbContext>().UseSqlite("Data Source=fleetportal.db").WithPortalIdentity().Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresFleetDbContext>
{
    public PostgresFleetDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresFleetDbContext>().UseNpgsql("Host=127.0.0.1;Database=fleetportal").WithPortalIdentity().Options);
}
