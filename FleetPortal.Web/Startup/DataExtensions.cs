using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Startup;

public static class DataExtensions
{
    /// <summary>
    /// A list in a query (<c>ids.Contains(d.Id)</c>) goes to the database as one array parameter
    /// (<c>json_each</c> on SQLite, <c>= ANY</c> on PostgreSQL), not EF Core's default of one
    /// parameter per element: SQLite finds a named parameter by a linear search, so a rollout's
    /// 10,000 host ids as 10,000 parameters cost n squared, most of the rollout's transaction.
    /// </summary>
    public const ParameterTranslationMode CollectionsAsOneParameter = ParameterTranslationMode.Parameter;

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
                services.AddDbContextFactory<PostgresFleetDbContext>(db => db.UseNpgsql(settings.ConnectionString, npgsql => npgsql.UseParameterizedCollectionMode(CollectionsAsOneParameter)));
                services.AddSingleton<IDbContextFactory<FleetDbContext>, PostgresContextFactory>();
                services.AddScoped<FleetDbContext>(provider => provider.GetRequiredService<PostgresFleetDbContext>());
                break;
            default:
                services.AddDbContextFactory<FleetDbContext>(db => db.UseSqlite(settings.ConnectionString, sqlite => sqlite.UseParameterizedCollectionMode(CollectionsAsOneParameter)));
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

        // Several processes may start at once on one PostgreSQL database. EF Core's own migration
        // lock there is held per migration transaction, so a process that waited could still apply
        // a second migration the first is applying; a fleet-wide lock around the whole run lets one
        // apply them all while the others wait, then find nothing left to do.
        await using (await LockMigrationsAsync(app.Services))
        {
            await db.Database.MigrateAsync();
        }

        // SQLite in write-ahead-log mode: reads never wait for a write nor a write for reads, and the
        // setting stays with the file. (PostgreSQL's readers never wait for writers anyway.)
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
        }
    }

    private static async Task<IAsyncDisposable?> LockMigrationsAsync(IServiceProvider services)
    {
        try
        {
            return await services.GetRequiredService<Services.ScaleOut.FleetWideLock>().AcquireAsync("migrations");
        }
        catch (Npgsql.PostgresException missing) when (missing.SqlState == Npgsql.PostgresErrorCodes.InvalidCatalogName)
        {
            // No database yet: the migration creates it, and EF Core's lock is all there is to hold.
            return null;
        }
    }

    private sealed class PostgresContextFactory(IDbContextFactory<PostgresFleetDbContext> inner) : IDbContextFactory<FleetDbContext>
    {
        public FleetDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
