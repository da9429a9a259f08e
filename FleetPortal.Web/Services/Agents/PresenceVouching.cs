using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Every process, every <see cref="PresenceOptions.VouchInterval"/>, vouches for the hosts whose
/// agents are connected to it: their last-seen time moves on. This runs in every process, since
/// only a process knows its own connections; a host that no process vouches for any more is marked
/// offline by <see cref="SilentHostSweep"/>, in one process of the fleet.
/// </summary>
public sealed class PresenceVouching(
    IDbContextFactory<FleetDbContext> databases,
    AgentConnections connections,
    IFleetNotifier notifier,
    TimeProvider time,
    IOptions<PresenceOptions> options,
    ILogger<PresenceVouching> logger) : BackgroundService
{
    private const int Chunk = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.VouchInterval, time);
        try
        {
            do
            {
                try
                {
                    await VouchAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Could not vouch for the agents connected to this process");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task VouchAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset? now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        foreach (var ids in connections.ConnectedHosts().Chunk(Chunk))
        {
            // Only hosts shown online: one whose agent disconnected since the list was taken stays offline.
            await db.Hosts.Where(h => ids.Contains(h.Id) && h.State.IsOnline)
                .ExecuteUpdateAsync(h => h.SetProperty(x => x.State.LastSeen, now), cancellationToken);

            // A sweep may have marked one offline while this process was paused; it is connected, so online again.
            var offline = await db.Hosts.Where(h => ids.Contains(h.Id) && !h.State.IsOnline).Select(h => h.Id).ToListAsync(cancellationToken);
            foreach (var id in offline.Where(connections.IsConnected))
            {
                await db.Hosts.Where(h => h.Id == id)
                    .ExecuteUpdateAsync(h => h.SetProperty(x => x.State.IsOnline, true).SetProperty(x => x.State.LastSeen, now), cancellationToken);
                await notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, id));
            }
        }
    }
}
