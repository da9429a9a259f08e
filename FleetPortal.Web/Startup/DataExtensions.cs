using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Startup;

public static class DataExtensions
{
    /// <summary>The fleet database: SQLite under the data directory unless a connection string is configured.</summary>
    public static WebApplicationBuilder AddFleetData(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(FleetPortalOptions.SectionKey).Get<FleetPortalOptions>() ?? new();
        var connectionString = builder.Configuration.GetConnectionString("Fleet");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var directory = Path.GetFullPath(options.DataDirectory);
            Directory.CreateDirectory(directory);
            connectionString = $"Data Source={Path.Combine(directory, "fleetportal.db")}";
        }

        builder.Services.AddDbContextFactory<FleetDbContext>(db => db.UseSqlite(connectionString));
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Brings the database schema up to date; the portal never starts on an old schema.</summary>
    public static async Task MigrateFleetDatabaseAsync(this WebApplication app)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<FleetDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }
}
