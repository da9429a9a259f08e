using System.Security.Cryptography;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Two portal processes (A and B) on different ports sharing one fresh PostgreSQL database and one
/// Redis server (channels of their own), as two processes behind a load balancer; one bootstrap
/// admin token works on both. Nothing starts when the servers are absent and the tests skip.
/// </summary>
public sealed class PortalPair : IAsyncLifetime
{
    private string? database;

    public PortalProcess A { get; private set; } = default!;

    public PortalProcess B { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (TestServers.SkipReason is not null)
        {
            return;
        }

        database = TestServers.CreateDatabase();
        var settings = new Dictionary<string, string>
        {
            ["FleetPortal__Database__Provider"] = "Postgres",
            ["ConnectionStrings__Fleet"] = database,
            ["ConnectionStrings__Redis"] = TestServers.Redis,
            ["FleetPortal__Redis__ChannelPrefix"] = "fleetportal-test-" + Guid.NewGuid().ToString("N"),
        };
        var token = "fpt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

        // Both at once on the empty database, as a fleet of processes starts: one migrates, one seeds.
        var starting = new[] { PortalProcess.StartAsync(settings, adminToken: token), PortalProcess.StartAsync(settings, adminToken: token) };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            TestServers.DropDatabase(database);
            throw;
        }

        (A, B) = (starting[0].Result, starting[1].Result);
    }

    public async Task DisposeAsync()
    {
        if (database is null)
        {
            return;
        }

        try
        {
            await A.DisposeAsync();
        }
        finally
        {
            try
            {
                await B.DisposeAsync();
            }
            finally
            {
                TestServers.DropDatabase(database);
            }
        }
    }
}
