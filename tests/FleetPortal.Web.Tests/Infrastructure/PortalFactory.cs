using FleetPortal.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>
/// The real portal, with a SQLite file of its own in a fresh temporary folder, so tests never
/// share a database. Settings may be added before the first use of <see cref="WebApplicationFactory{T}.Services"/>.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings = new();
    private readonly List<Action<IServiceCollection>> serviceChanges = [];

    private bool keepData;

    public PortalFactory()
        : this(Directory.CreateTempSubdirectory("fleetportal-test-").FullName)
    {
    }

    private PortalFactory(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        settings["FleetPortal:DataDirectory"] = DataDirectory;
    }

    public string DataDirectory { get; }

    public PortalFactory With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    /// <summary>Replaces or adds services after the portal registered its own (before first use).</summary>
    public PortalFactory WithServices(Action<IServiceCollection> change)
    {
        serviceChanges.Add(change);
        return this;
    }

    /// <summary>The portal's clock, under the test's control from a fixed moment (before first use).</summary>
    public FakeTimeProvider UseFakeTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        WithServices(services => services.AddSingleton<TimeProvider>(time));
        return time;
    }

    /// <summary>
    /// Stops this portal and returns a new one on the same data directory, as a restart would; the new
    /// one owns the directory from now on. Settings and services are not carried over.
    /// </summary>
    public PortalFactory Restart()
    {
        keepData = true;
        Dispose();
        return new PortalFactory(DataDirectory);
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

        builder.ConfigureTestServices(services => serviceChanges.ForEach(change => change(services)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !keepData)
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
