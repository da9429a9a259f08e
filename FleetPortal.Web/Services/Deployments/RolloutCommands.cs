using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// Rolls out at once to many hosts (a family, or a list of hostnames): each host gets a deployment
/// of its current revision, all written in one transaction. The deployments of hosts connected to
/// this process are claimed in that transaction and sent the moment it commits, before the call
/// answers; other processes hear of the rest and send to the hosts connected to them.
/// </summary>
public sealed class RolloutCommands(
    IDbContextFactory<FleetDbContext> dbFactory,
    DeploymentWriter writer,
    DeploymentDelivery delivery,
    AgentConnections connections,
    IFleetNotifier notifier,
    ILogger<RolloutCommands> logger)
{
    public async Task<RolloutSummary> RollOutAsync(Actor actor, int? familyId, IReadOnlyList<string>? hostNames, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var selection = await HostSelection.ResolveAsync(db, familyId, hostNames, "A rollout", cancellationToken);

        void Check(IReadOnlyList<RolloutHost> hosts)
        {
            selection.CheckAll(actor, hosts, "to roll out to");
            var withoutRevision = hosts.Where(h => h.CurrentRevisionNumber == 0).Select(h => h.Name).Take(5).ToList();
            if (withoutRevision.Count > 0)
            {
                throw new InvalidInputFailure("hosts", $"{string.Join(", ", withoutRevision)} has no configuration yet (not enrolled); nothing was deployed.");
            }
        }

        // Until the last message is handed to its connection and the news is out: see CollectionHold.
        using var hold = CollectionHold.For(await selection.CountAtMostAsync(db, cancellationToken));
        var timer = System.Diagnostics.Stopwatch.StartNew();
        // Left to finish by itself when the write below refuses or fails: it only reads.
        var readAhead = Task.Run(() => ReadAheadAsync(selection, cancellationToken), cancellationToken);
        WrittenRollout written;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            written = await writer.WriteRolloutAsync(db, selection, actor, Check, new RolloutClaim(connections.IsConnected, delivery.ClaimTime()), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var writtenMs = timer.ElapsedMilliseconds;
        var added = written.Created;
        var claimed = added.Where(a => a.Deployment.SentAt is not null).Select(a => a.Deployment).ToList();

        // Other processes send to the hosts connected to them: they hear of those deployments before
        // this process sends its own, so that both send at once (whatever waits is sent at its agent's
        // hello). The news of the rest, for the pages, follows the sends.
        await notifier.PublishAsync(added.Where(a => a.Deployment.SentAt is null).Select(a => News(a, FleetChangeKind.DeploymentCreated)).ToList());
        await delivery.SendClaimedAsync(claimed, written.Superseded, await readAhead);
        logger.LogInformation("Rollout to {Count} host(s): written in {WrittenMs} ms, {Sent} sent {SentMs} ms later{Held}", added.Count, writtenMs, claimed.Count, timer.ElapsedMilliseconds - writtenMs,
            hold.Held ? ", the garbage collector held off" : "");
        await notifier.PublishAsync(added.Where(a => a.Deployment.SentAt is not null).Select(a => News(a, FleetChangeKind.DeploymentSent))
            .Concat(added.Select(a => new FleetChange(FleetChangeKind.HostChanged, a.Host.Id))).ToList());

        return new RolloutSummary(written.EventId, added.Count, added.Select(a => DeploymentProjections.Summary(a.Deployment, a.Host.Name)).ToList());
    }

    /// <summary>
    /// The revisions the agents' requests name, read on another connection (and core) while the
    /// transaction writes: at 10,000 hosts the read took 30-65 ms between the commit and the first send.
    /// </summary>
    private async Task<IReadOnlyDictionary<int, RequestedRevision>> ReadAheadAsync(HostSelection selection, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await RebuildRequests.ReadAheadAsync(db, selection.In(db), cancellationToken);
    }

    private static FleetChange News((RolloutHost Host, Deployment Deployment) added, FleetChangeKind kind) =>
        new(kind, added.Host.Id, added.Deployment.Id);
}
