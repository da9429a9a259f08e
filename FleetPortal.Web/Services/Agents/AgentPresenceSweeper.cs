using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Keeps "online" true across portal processes and crashes: every minute each process vouches for
/// the hosts connected to it (their last-seen time moves on), and a host marked online that no
/// process has vouched for in three minutes is marked offline, as when the process that held its
/// connection ended without saying so.
/// </summary>
public sealed class AgentPresenceSweeper(
    IDbContextFactory<FleetDbContext> databases,
    AgentConnections connections,
    IFleetNotifier notifier,
    TimeProvider time,
    ILogger<AgentPresenceSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Silence = TimeSpan.FromMinutes(3);

    private const int Chunk = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Could not update the presence of agents");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        foreach (var ids in connections.ConnectedHosts().Chunk(Chunk))
        {
            foreach (var host in await db.Hosts.Where(h => ids.Contains(h.Id)).ToListAsync(cancellationToken))
            {
                host.State.IsOnline = true;
                host.State.LastSeen = now;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        var silentSince = now - Silence;
        var silent = await db.Hosts.Where(h => h.State.IsOnline && h.State.LastSeen < silentSince).ToListAsync(cancellationToken);
        foreach (var host in silent)
        {
            host.State.IsOnline = false;
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var host in silent)
        {
            logger.LogInformation("{HostName} marked offline: no portal process has its agent's connection", host.Name);
            await notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, host.Id));
        }
    }
}
