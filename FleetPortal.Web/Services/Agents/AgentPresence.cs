using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Notifications;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Records whether a host's agent is connected, when it was last seen, and the machine state it
/// reports. Hellos, state reports and disconnections are stored in batches
/// (<see cref="CallBatches{TCall, TResult}"/>), in the order they came: when the portal starts
/// again the whole fleet says hello within a minute, reports its state right after, and when it
/// stops every connection ends at once. A hello's batch also claims the pending deployments of
/// every host that said hello and hands each its own, oldest first, in the same transaction.
/// </summary>
public sealed class AgentPresence(
    IDbContextFactory<FleetDbContext> databases,
    DeploymentDelivery delivery,
    IFleetNotifier notifier,
    TimeProvider time,
    ILogger<AgentPresence> logger) : BackgroundService
{
    private readonly CallBatches<Report, IReadOnlyList<RebuildRequest>> batches =
        new("The portal could not record the agent's connection or state; connect again.", logger);

    /// <summary>How many hellos, state reports and disconnections wait to be stored.</summary>
    public int Waiting => batches.Waiting;

    /// <summary>
    /// The agent said hello: its host is online with the state it reported, and every deployment of
    /// the host not yet acknowledged is claimed for this connection; returns their requests, oldest
    /// first, to send to it. Refused when the host is no longer in the fleet.
    /// </summary>
    public Task<IReadOnlyList<RebuildRequest>> ConnectedAsync(AgentIdentity agent, AgentHello hello) =>
        batches.EnqueueAsync(new Report(agent, hello, Required(hello.State)));

    public Task StateReportedAsync(AgentIdentity agent, MachineState state) =>
        batches.EnqueueAsync(new Report(agent, null, Required(state)));

    public Task DisconnectedAsync(AgentIdentity agent) =>
        batches.EnqueueAsync(new Report(agent, null, null));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => batches.RunAsync(StoreAsync, stoppingToken);

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // What is queued is still stored: the disconnections of a stopping portal's agents among them.
        batches.Complete();
        return base.StopAsync(cancellationToken);
    }

    private async Task StoreAsync(IReadOnlyList<BatchedCall<Report, IReadOnlyList<RebuildRequest>>> batch)
    {
        await using var db = await databases.CreateDbContextAsync();
        var now = time.GetUtcNow();
        var hostIds = batch.Select(b => b.Call.Agent.HostId).Distinct().ToList();
        HashSet<int> present;
        IReadOnlyList<Deployment> claimed;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            present = (await db.Hosts.Where(h => hostIds.Contains(h.Id)).Select(h => h.Id).ToListAsync()).ToHashSet();
            var reports = batch.Select(b => b.Call).Where(r => present.Contains(r.Agent.HostId)).ToList();

            // Each host's reports, in their order, leave one write; hosts left alike (a fleet on one
            // version, all going offline) share one statement, so the write lock is held briefly.
            var writes = reports.GroupBy(r => r.Agent.HostId).GroupBy(host => HostWrite.Of(host), host => host.Key);
            foreach (var hosts in writes)
            {
                await WriteAsync(db, hosts.Key, hosts.ToList(), now);
            }

            await MultiRowInsert.InsertAsync(db, reports.Select(r => EventOf(r, now)).OfType<AuditEvent>().ToList());
            claimed = await delivery.ClaimUnacknowledgedAsync(db, reports.Where(r => r.Hello is not null).Select(r => r.Agent.HostId).Distinct().ToList());
            await transaction.CommitAsync();
        }

        // Revisions never change: the requests are built after the commit, outside the write lock.
        var requests = claimed.Count == 0 ? [] : await RebuildRequests.ForManyAsync(db, claimed);
        var pending = claimed.Zip(requests).ToLookup(pair => pair.First.HostId, pair => pair.Second);
        foreach (var batched in batch)
        {
            var agent = batched.Call.Agent;
            if (batched.Call.Hello is null)
            {
                batched.Answer([]);
            }
            else if (!present.Contains(agent.HostId))
            {
                batched.Refuse($"Host {agent.HostName} is no longer in the fleet.");
            }
            else
            {
                // A lookup keeps each host's requests in the order they were claimed: oldest first.
                batched.Answer(pending[agent.HostId].ToList());
            }
        }

        await notifier.PublishAsync(hostIds.Where(present.Contains).Select(id => new FleetChange(FleetChangeKind.HostChanged, id)).ToList());
    }

    private static AuditEvent? EventOf(Report report, DateTimeOffset now)
    {
        var (agent, hello, state) = report;
        var subject = new AuditSubject(agent.HostId, agent.HostName);
        return hello is not null ? AuditLog.Create(agent.Actor, AuditActions.HostConnected, $"The agent of {agent.HostName} connected (agent {hello.AgentVersion}).", subject, now)
            : state is null ? AuditLog.Create(agent.Actor, AuditActions.HostDisconnected, $"The agent of {agent.HostName} disconnected.", subject, now)
            : null;
    }

    /// <summary>One statement for hosts left alike: what was not reported in the batch keeps its stored value.</summary>
    private static Task<int> WriteAsync(FleetDbContext db, HostWrite write, List<int> ids, DateTimeOffset now)
    {
        var (online, hasVersion, agentVersion, hasState, current, booted, nixosVersion, rebootNeeded) = write;
        return db.Hosts.Where(h => ids.Contains(h.Id)).ExecuteUpdateAsync(h => h
            .SetProperty(x => x.State.IsOnline, online)
            .SetProperty(x => x.State.LastSeen, now)
            .SetProperty(x => x.State.AgentVersion, x => hasVersion ? agentVersion : x.State.AgentVersion)
            .SetProperty(x => x.State.CurrentGeneration, x => hasState ? current : x.State.CurrentGeneration)
            .SetProperty(x => x.State.BootedGeneration, x => hasState ? booted : x.State.BootedGeneration)
            .SetProperty(x => x.State.NixosVersion, x => hasState ? nixosVersion : x.State.NixosVersion)
            .SetProperty(x => x.State.RebootNeeded, x => hasState ? rebootNeeded : x.State.RebootNeeded));
    }

    // The protocol's state is never null; a report without one would read as a disconnection.
    private static MachineState Required(MachineState? state) => state ?? throw new HubException("The machine state is missing: send the state of the machine.");

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    /// <summary>A hello (with the state it carries), a state report, or a disconnection (no state).</summary>
    private sealed record Report(AgentIdentity Agent, AgentHello? Hello, MachineState? State);

    /// <summary>
    /// What one host's reports of a batch leave, in their order: online unless the last was a
    /// disconnection; the agent version of the last hello and the last machine state, if any came.
    /// </summary>
    private sealed record HostWrite(bool Online, bool HasVersion, string? AgentVersion, bool HasState, int? Current, int? Booted, string? NixosVersion, bool RebootNeeded)
    {
        public static HostWrite Of(IEnumerable<Report> reports) =>
            reports.Aggregate(new HostWrite(false, false, null, false, null, null, null, false), (write, report) =>
            {
                write = write with { Online = report.State is not null };
                if (report.Hello is { } hello)
                {
                    write = write with { HasVersion = true, AgentVersion = Truncate(hello.AgentVersion, 50) };
                }

                return report.State is { } state
                    ? write with { HasState = true, Current = state.CurrentGeneration, Booted = state.BootedGeneration, NixosVersion = Truncate(state.NixosVersion, 100), RebootNeeded = state.RebootNeeded }
                    : write;
            });
    }
}
