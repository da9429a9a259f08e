using FleetPortal.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>
/// The real portal, with a SQLite file of its own in a fresh temporary folder, so tests never
/// share a database. Settings may be added before the first use of <see cref="WebApplicationFactory{T}.Services"/>.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings = new();
    private readonly List<Action<IServiceCollection>> serviceChanges = [];

    private bool ownsDataDirectory;
    private string? ownedPostgresDatabase;

    public PortalFactory()
        : this(Directory.CreateTempSubdirectory("fleetportal-test-").FullName, ownsDataDirectory: true)
    {
    }

    /// <summary>A portal on an existing data folder: a restart of an earlier portal, which keeps the folder.</summary>
    public PortalFactory(string dataDirectory)
        : this(dataDirectory, ownsDataDirectory: false)
    {
    }

    private PortalFactory(string dataDirectory, bool ownsDataDirectory)
    {
        DataDirectory = dataDirectory;
        this.ownsDataDirectory = ownsDataDirectory;
        settings["FleetPortal:DataDirectory"] = DataDirectory;
    }

    public string DataDirectory { get; }

    /// <summary>The PostgreSQL database this portal runs on, or null on SQLite.</summary>
    public string? PostgresDatabase { get; private set; }

    /// <summary>
    /// A portal on a fresh PostgreSQL database of its own on the test server, dropped when the
    /// portal is disposed (see <see cref="TestServers"/>).
    /// </summary>
    public static PortalFactory OnPostgres()
    {
        var portal = new PortalFactory().OnPostgres(TestServers.CreateDatabase());
        portal.ownedPostgresDatabase = portal.PostgresDatabase;
        return portal;
    }

    /// <summary>Runs this portal on an existing PostgreSQL database (one that several portals share).</summary>
    public PortalFactory OnPostgres(string connectionString)
    {
        PostgresDatabase = connectionString;
        settings["FleetPortal:Database:Provider"] = "Postgres";
        settings["ConnectionStrings:Fleet"] = connectionString;
        return this;
    }

    /// <summary>
    /// Serves the portal on a real Kestrel port on 127.0.0.1 (0: any free port) so real clients and
    /// processes can connect; returns its address.
    /// </summary>
    public Uri StartOnLoopback(int port = 0)
    {
        UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
        StartServer();
        var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    private readonly List<ILoggerProvider> loggers = [];

    /// <summary>Adds a logger provider, for tests about what the portal logs.</summary>
    public PortalFactory WithLogger(ILoggerProvider provider)
    {
        loggers.Add(provider);
        return this;
    }

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
        var owns = ownsDataDirectory;
        var ownedDatabase = ownedPostgresDatabase;
        ownsDataDirectory = false;
        ownedPostgresDatabase = null;
        Dispose();
        var restarted = new PortalFactory(DataDirectory, owns);
        if (PostgresDatabase is not null)
        {
            restarted.OnPostgres(PostgresDatabase).ownedPostgresDatabase = ownedDatabase;
        }

        return restarted;
    }

    /// <summary>A fresh database context on the test's database.</summary>
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

        foreach (var provider in loggers)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(provider));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Interlocked.Exchange(ref ownedPostgresDatabase, null) is { } database)
            {
                TestServers.DropDatabase(database);
            }
        }

        if (disposing && ownsDataDirectory)
        {
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
