using FleetPortal.Web.Data;
using FleetPortal.Web.Services.PeriodicWork;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>
/// Two portals on one database (a SQLite file they share, or a PostgreSQL database of their own),
/// as two portal processes of one fleet, on one clock the test moves. Their periodic-job schedule
/// is off: the test runs each process's jobs itself, one tick at a time, and a process that "died"
/// simply gets no more ticks. <see cref="First"/> can be made to die mid-transaction.
/// </summary>
public sealed class TwoProcesses : IDisposable
{
    private readonly string? database;

    public TwoProcesses(bool onPostgres, params (string Key, string Value)[] settings)
    {
        if (onPostgres)
        {
            database = TestServers.CreateDatabase();
            First = Configure(new PortalFactory().OnPostgres(database), settings);
            Second = Configure(new PortalFactory().OnPostgres(database), settings);
        }
        else
        {
            First = Configure(new PortalFactory(), settings);
            Second = Configure(new PortalFactory(First.DataDirectory), settings);
        }

        First.WithServices(services => services
            .ConfigureDbContext<FleetDbContext>(options => options.AddInterceptors(FirstDies))
            .ConfigureDbContext<PostgresFleetDbContext>(options => options.AddInterceptors(FirstDies)));

        // Both started (on real ports) before either is used, as processes that started a while ago.
        FirstAddress = First.StartOnLoopback();
        SecondAddress = Second.StartOnLoopback();
    }

    public Uri FirstAddress { get; }

    public Uri SecondAddress { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public PortalFactory First { get; }

    public PortalFactory Second { get; }

    public DyingProcess FirstDies { get; } = new();

    public void Dispose()
    {
        Second.Dispose();
        First.Dispose();
        if (database is not null)
        {
            TestServers.DropDatabase(database);
        }
    }

    private PortalFactory Configure(PortalFactory portal, (string Key, string Value)[] settings)
    {
        foreach (var (key, value) in settings)
        {
            portal.With(key, value);
        }

        return portal.WithServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            var schedule = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PeriodicJobSchedule));
            services.Remove(schedule);
        });
    }
}
