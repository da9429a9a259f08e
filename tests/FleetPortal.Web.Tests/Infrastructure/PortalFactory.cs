using FleetPortal.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>
/// The real portal, with a SQLite file of its own in a fresh temporary folder, so tests never
/// share a database. Settings may be added before the first use of <see cref="WebApplicationFactory{T}.Services"/>.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings = new();

    public PortalFactory()
    {
        DataDirectory = Directory.CreateTempSubdirectory("fleetportal-test-").FullName;
        settings["FleetPortal:DataDirectory"] = DataDirectory;
    }

    public string DataDirectory { get; }

    public PortalFactory With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    /// <summary>A fresh database context on the test's SQLite file.</summary>
    public FleetDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<FleetDbContext>>().CreateDbContext();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open must not fail the test; the folder is temporary anyway.
            }
        }
    }
}
