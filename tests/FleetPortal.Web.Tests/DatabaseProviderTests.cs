using FleetPortal.Web.Data;
using FleetPortal.Web.Startup;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace FleetPortal.Web.Tests;

public sealed class DatabaseProviderTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    [Fact]
    public void From_AnUnknownProvider_IsRefusedNamingTheKnownOnes()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseSettings.From(Settings(("FleetPortal:Database:Provider", "Oracle"))));

        Assert.Contains("FleetPortal:Database:Provider is 'Oracle'", error.Message);
        Assert.Contains("Sqlite or Postgres", error.Message);
    }

    [Fact]
    public void From_PostgresWithoutAConnectionString_IsRefusedNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseSettings.From(Settings(("FleetPortal:Database:Provider", "postgres"))));

        Assert.Contains("ConnectionStrings:Fleet", error.Message);
    }

    [Fact]
    public void From_NothingConfigured_IsSqliteInTheDataDirectory()
    {
        var folder = Directory.CreateTempSubdirectory("fleetportal-settings-").FullName;

        var settings = DatabaseSettings.From(Settings(("FleetPortal:DataDirectory", folder)));

        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.Equal($"Data Source={Path.Combine(folder, "fleetportal.db")}", settings.ConnectionString);
        Directory.Delete(folder, recursive: true);
    }
}
