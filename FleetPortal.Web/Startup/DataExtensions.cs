using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Startup;

public static class DataExtensions
{
    /// <summary>
    /// The fleet database: SQLite under the data directory by default, or the provider and connection
    /// string configured. Everything asks for <see cref="FleetDbContext"/>; on PostgreSQL it gets the
    /// subclass that carries the PostgreSQL migrations.
    /// </summary>
    public static WebApplicationBuilder AddFleetData(this WebApplicationBuilder builder)
    {
        var settings = DatabaseSettings.From(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(settings);
        switch (settings.Provider)
        {
            case DatabaseProvider.Postgres:
                services.AddDbContextFactory<PostgresFleetDbContext>(db => db.UseNpgsql(settings.ConnectionString));
                services.AddSingleton<IDbContextFactory<FleetDbContext>, PostgresContextFactory>();
                services.AddScoped<FleetDbContext>(provider => provider.GetRequiredService<PostgresFleetDbContext>());
                break;
            default:
                services.AddDbContextFactory<FleetDbContext>(db => db.UseSqlite(settings.ConnectionString));
                break;
        }

        services.AddSingleton<Services.ScaleOut.FleetWideLock>();
        services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Brings the database schema up to date; the portal never starts on an old schema.</summary>
    public static async Task MigrateFleetDatabaseAsync(this WebApplication app)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<FleetDbContext>>();
        await using var db = await factory.CreateDbContextAsync();

        // Several processes may start at once on one PostgreSQL database: EF Core's migration lock
        // lets one apply the migrations while the others wait, then find nothing left to do.
        await db.Database.MigrateAsync();
    }

    private sealed class PostgresContextFactory(IDbContextFactory<PostgresFleetDbContext> inner) : IDbContextFactory<FleetDbContext>
    {
        public FleetDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
