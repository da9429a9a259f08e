using FleetPortal.Web.Data;

namespace FleetPortal.Web.Startup;

/// <summary>The provider and connection string the portal runs on, read and checked once at start-up.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "FleetPortal:Database:Provider";

    public static DatabaseSettings From(IConfiguration configuration)
    {
        var providerName = configuration[ProviderKey];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerName)
            && (!Enum.TryParse(providerName.Trim(), ignoreCase: true, out provider) || !Enum.IsDefined(provider)))
        {
            throw new InvalidOperationException(
                $"{ProviderKey} is '{providerName}'; it must be {string.Join(" or ", Enum.GetNames<DatabaseProvider>())}.");
        }

        var connectionString = configuration.GetConnectionString("Fleet");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new DatabaseSettings(provider, connectionString);
        }

        if (provider == DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException(
                "The Postgres database provider needs ConnectionStrings:Fleet (for example 'Host=127.0.0.1;Port=5432;Database=fleetportal;Username=fleetportal').");
        }

        var options = configuration.GetSection(FleetPortalOptions.SectionKey).Get<FleetPortalOptions>() ?? new();
        var directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);
        return new DatabaseSettings(provider, $"Data Source={Path.Combine(directory, "fleetportal.db")}");
    }
}
