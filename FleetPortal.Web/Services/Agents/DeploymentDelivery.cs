using System.Diagnostics;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Gets deployments to their hosts' agents: at once when one is created (to the host's connections
/// to this process), and every unacknowledged one when an agent says hello. Deployments a new one
/// superseded, and cancelled ones, are withdrawn from the agent. Repeats are harmless: the agent
/// knows deployments by id. With several portal processes every process hears of a new
/// deployment; only one that holds a connection of the host sends it, and only if its claim in the
/// database wins (see docs/scale-out.md).
/// </summary>
public sealed class DeploymentDelivery(
    IDbContextFactory<FleetDbContext> databases,
    IHubContext<AgentHub, IAgentClient> hub,
    AgentConnections connections,
    SendsUnderway underway,
    DeploymentPacing pacing,
    TimeProvider time,
    ILogger<DeploymentDelivery> logger)
{
    /// <summary>A deployment was just created: withdraw what it superseded, then send it to the host's connections.</summary>
    public Task DeliverNewAsync(Guid deploymentId) => DeliverNewAsync([deploymentId]);

    /// <summary>
    /// Deployments were just created (one, or a whole rollout): for each, withdraw what it
    /// superseded, then send it to its host's connections. A few queries and one statement marking
    /// them sent for the whole batch, then the sends: no database round trip per message.
    /// </summary>
    public async Task DeliverNewAsync(IReadOnlyCollection<Guid> deploymentIds)
    {
        await using var db = await databases.CreateDbContextAsync();
        var ids = deploymentIds.ToList();

        // What is sent already (a rollout claims and sends its own before it tells anyone) is not even read.
        var deployments = await db.Deployments.AsNoTracking()
            .Where(d => ids.Contains(d.Id) && d.Status == DeploymentStatus.Pending && d.SentAt == null)
            .ToListAsync();

        // Only the process holding a connection of the host sends: a host with no agent connected
        // anywhere waits for its hello, and the pages say so rather than "sent". The claim is one
        // statement for the batch, before the sends: SentAt is set only where it was empty, and
        // this process sends only what carries the very moment it wrote, so of two processes that
        // both hold a connection of a host (an agent reconnecting while its old connection lingers)
        // one sends. Whoever sees an agent holding a deployment sees it sent.
        var local = deployments.Where(d => connections.IsConnected(d.HostId)).Select(d => d.Id).ToList();
        if (local.Count == 0)
        {
            return;
        }

        var now = ClaimTime();
        await db.Deployments.Where(d => local.Contains(d.Id) && d.SentAt == null).ExecuteUpdateAsync(d => d.SetProperty(x => x.SentAt, now));
        var sent = (await db.Deployments.Where(d => local.Contains(d.Id) && d.SentAt == now).Select(d => d.Id).ToListAsync()).ToHashSet();
        var claimed = deployments.Where(d => sent.Contains(d.Id)).ToList();
        if (claimed.Count == 0)
        {
            return;
        }

        // The deployment writer supersedes older ones in the same transaction, marking them finished
        // at the new one's creation: those are the ones each deployment replaced.
        var hostIds = claimed.Select(d => d.HostId).Distinct().ToList();
        var earliest = claimed.Min(d => d.CreatedAt);
        var superseded = (await db.Deployments.AsNoTracking()
            .Where(d => hostIds.Contains(d.HostId) && d.Status == DeploymentStatus.Superseded && d.StartedAt == null && d.FinishedAt >= earliest)
            .Select(d => new { d.Id, d.HostId, d.FinishedAt })
            .ToListAsync())
            .ToLookup(d => (d.HostId, d.FinishedAt!.Value), d => d.Id);
        await SendAsync(db, claimed, deployment => superseded[(deployment.HostId, deployment.CreatedAt)]);
        logger.LogInformation("{Count} deployment(s) sent to their hosts, {Waiting} waiting for their host to connect", claimed.Count, deployments.Count - claimed.Count);
    }

    /// <summary>
    /// The moment a process claims deployments by, in <see cref="Deployment.SentAt"/>: to the
    /// precision both providers store (SQLite keeps a tenth of a millisecond), so it reads back equal.
    /// </summary>
    public DateTimeOffset ClaimTime()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 1000));
    }

    /// <summary>
    /// Sends deployments this process has already claimed (their <see cref="Deployment.SentAt"/>
    /// written in the transaction that created them, for hosts connected here): a rollout starts
    /// sending the moment it commits, with no write before the sends, and no read either when
    /// <paramref name="readAhead"/> has the revisions. <paramref name="withdrawn"/> names, by host,
    /// the deployments each new one superseded.
    /// </summary>
    public async Task SendClaimedAsync(IReadOnlyList<Deployment> claimed, ILookup<int, Guid> withdrawn, IReadOnlyDictionary<int, RequestedRevision>? readAhead)
    {
        if (claimed.Count == 0)
        {
            return;
        }

        await using var db = await databases.CreateDbContextAsync();
        await SendAsync(db, claimed, deployment => withdrawn[deployment.HostId], readAhead);
        logger.LogInformation("{Count} deployment(s) of a rollout sent to their hosts", claimed.Count);
    }

    /// <summary>
    /// Writes every message before it waits for any: awaited one by one, the loop went to the back
    /// of the thread pool's queue at each send that did not finish at once, behind the answers of
    /// the agents it had already reached, and sending 10,000 took two to three times as long. Each
    /// connection still gets its withdrawals before the request that replaces them.
    /// </summary>
    private async Task SendAsync(FleetDbContext db, IReadOnlyList<Deployment> deployments, Func<Deployment, IEnumerable<Guid>> replacedBy, IReadOnlyDictionary<int, RequestedRevision>? readAhead = null)
    {
        using var sending = underway.Begin();
        var requests = await RebuildRequests.ForManyAsync(db, deployments, readAhead);
        var sends = new List<Task>(deployments.Count);
        var hearing = DeploymentPacing.HearingTime(deployments.Count);
        for (var i = 0; i < deployments.Count; i++)
        {
            var deployment = deployments[i];
            var replaced = replacedBy(deployment).ToList();
            var turn = pacing.NextTurnAfterMs(hearing);
            foreach (var agent in ConnectionsOf(deployment.HostId))
            {
                sends.Add(replaced.Count == 0
                    ? agent.RebuildRequested(requests[i] with { StartAfterMs = turn, SentAtTimestamp = Stopwatch.GetTimestamp() })
                    : ReplaceAsync(agent, deployment, replaced, requests[i] with { StartAfterMs = turn }));
            }
        }

        try
        {
            await Task.WhenAll(sends);
        }
        catch (Exception exception)
        {
            // A connection that closed meanwhile: its agent gets the deployment again with its next hello.
            logger.LogWarning(exception, "{Count} of {Total} message(s) could not be sent", sends.Count(s => s.IsFaulted), sends.Count);
        }
    }

    private static async Task ReplaceAsync(IAgentClient agent, Deployment deployment, IReadOnlyList<Guid> replaced, RebuildRequest request)
    {
        foreach (var id in replaced)
        {
            await agent.DeploymentWithdrawn(new DeploymentWithdrawal(id, $"Superseded by a newer deployment (revision {deployment.RevisionNumber}) before it started.", deployment.Id));
        }

        await agent.RebuildRequested(request with { SentAtTimestamp = Stopwatch.GetTimestamp() });
    }

    /// <summary>
    /// Deployments were cancelled: those that have not started must be dropped by their agents.
    /// One query for the whole batch, however many.
    /// </summary>
    public async Task WithdrawIfCancelledAsync(IReadOnlyCollection<Guid> deploymentIds)
    {
        await using var db = await databases.CreateDbContextAsync();
        var ids = deploymentIds.ToList();
        var cancelled = await db.Deployments.AsNoTracking()
            .Where(d => ids.Contains(d.Id) && d.Status == DeploymentStatus.Cancelled && d.StartedAt == null)
            .Select(d => new { d.Id, d.HostId, d.Error })
            .ToListAsync();
        foreach (var deployment in cancelled)
        {
            foreach (var agent in ConnectionsOf(deployment.HostId))
            {
                await agent.DeploymentWithdrawn(new DeploymentWithdrawal(deployment.Id, deployment.Error ?? "The deployment was cancelled.", null));
            }
        }
    }

    /// <summary>
    /// The host's connections to this process, one by one: SignalR writes a message to a connection
    /// its process holds directly, where a send to several at once would go through the Redis
    /// backplane. Every process hears of a cancellation and withdraws it from its own.
    /// </summary>
    private IEnumerable<IAgentClient> ConnectionsOf(int hostId) => connections.ConnectionIdsOf(hostId).Select(hub.Clients.Client);

    /// <summary>
    /// Agents said hello (a batch of them, see <see cref="AgentPresence"/>): claims every deployment of
    /// their hosts not yet acknowledged, inside the caller's transaction, and returns them oldest
    /// first. One query and one statement for the whole batch. The claim is unconditional: an
    /// unacknowledged deployment may never have reached the agent, whoever sent it before, so it goes
    /// out again; the agent stores it once. A deployment created after this read is not included:
    /// the connection is held here already, so <see cref="DeliverNewAsync(IReadOnlyCollection{Guid})"/>
    /// claims and sends it.
    /// </summary>
    public async Task<IReadOnlyList<Deployment>> ClaimUnacknowledgedAsync(FleetDbContext db, IReadOnlyCollection<int> hostIds)
    {
        var ids = hostIds.ToList();
        var waiting = await db.Deployments.AsNoTracking()
            .Where(d => ids.Contains(d.HostId) && d.Status == DeploymentStatus.Pending)
            .OrderBy(d => d.CreatedAt)
            .ToListAsync();
        if (waiting.Count > 0)
        {
            var claimed = waiting.Select(d => d.Id).ToList();
            var now = ClaimTime();
            await db.Deployments.Where(d => claimed.Contains(d.Id)).ExecuteUpdateAsync(d => d.SetProperty(x => x.SentAt, now));
        }

        return waiting;
    }

    /// <summary>
    /// Sends an agent that said hello the requests claimed for it, in their order, on its own
    /// connection: each takes its turn, like a rollout's, so a fleet coming back at once is paced too.
    /// </summary>
    public async Task SendUnacknowledgedAsync(IAgentClient agent, IReadOnlyList<RebuildRequest> requests)
    {
        foreach (var request in requests)
        {
            await agent.RebuildRequested(request with { SentAtTimestamp = Stopwatch.GetTimestamp(), StartAfterMs = pacing.NextTurnAfterMs() });
        }
    }
}
