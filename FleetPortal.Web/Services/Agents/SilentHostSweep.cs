using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Notifications;
using FleetPortal.Web.Services.PeriodicWork;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Marks offline the hosts shown online that no process has vouched for in
/// <see cref="PresenceOptions.Silence"/>: the process that held their agent's connection died
/// without saying so. The agent reconnects to a live process, which shows it online again.
/// </summary>
public sealed class SilentHostSweep(
    IDbContextFactory<FleetDbContext> databases,
    IFleetNotifier notifier,
    TimeProvider time,
    IOptions<PresenceOptions> options,
    ILogger<SilentHostSweep> logger) : IPeriodicJob
{
    public const string JobName = "presence.silent-hosts";

    private const int BatchSize = 200;

    private readonly AuditLog audit = new(time);

    public string Name => JobName;

    public TimeSpan Interval => options.Value.VouchInterval;

    public async Task RunAsync(LeaseHold lease, CancellationToken cancellationToken)
    {
        DateTimeOffset? silentSince = time.GetUtcNow() - options.Value.Silence;
        while (true)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var silent = await db.Hosts
                .Where(h => h.State.IsOnline && h.State.LastSeen < silentSince)
                .OrderBy(h => h.Id)
                .Select(h => new { h.Id, h.Name, h.State.LastSeen })
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (silent.Count == 0)
            {
                return;
            }

            var marked = new List<int>(silent.Count);
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                foreach (var host in silent)
                {
                    // Rechecked in the statement that writes it: a vouch or a reconnect since the query wins.
                    var changed = await db.Hosts.Where(h => h.Id == host.Id && h.State.IsOnline && h.State.LastSeen < silentSince)
                        .ExecuteUpdateAsync(h => h.SetProperty(x => x.State.IsOnline, false), cancellationToken);
                    if (changed > 0)
                    {
                        marked.Add(host.Id);
                        audit.Record(db, Actor.Portal, AuditActions.HostDisconnected,
                            $"{host.Name} marked offline: no portal process has held its agent's connection since {host.LastSeen:u}.",
                            new AuditSubject(host.Id, host.Name));
                    }
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            // One line a batch: after an outage of every portal process the whole fleet is marked
            // offline at once, and the audit log names each host already.
            if (marked.Count > 0)
            {
                logger.LogInformation("{Count} host(s) marked offline: no portal process has their agent's connection", marked.Count);
            }

            await notifier.PublishAsync(marked.Select(id => new FleetChange(FleetChangeKind.HostChanged, id)).ToList());

            if (silent.Count < BatchSize || !await lease.KeepAsync(cancellationToken))
            {
                return;
            }
        }
    }
}
