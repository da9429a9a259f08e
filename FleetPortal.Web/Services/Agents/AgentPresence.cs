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
        await using var transaction = await db.Database.BeginTransactionAsync();
        var now = time.GetUtcNow();
        var missing = new HashSet<int>();
        var events = new List<AuditEvent>();
        foreach (var report in batch.Select(b => b.Call))
        {
            if (missing.Contains(report.Agent.HostId) || await WriteAsync(db, report, now) == 0)
            {
                missing.Add(report.Agent.HostId);
                continue;
            }

            if (report.Hello is { } hello)
            {
                events.Add(AuditLog.Create(report.Agent.Actor, AuditActions.HostConnected,
                    $"The agent of {report.Agent.HostName} connected (agent {hello.AgentVersion}).", new AuditSubject(report.Agent.HostId, report.Agent.HostName), now));
            }
            else if (report.State is null)
            {
                events.Add(AuditLog.Create(report.Agent.Actor, AuditActions.HostDisconnected,
                    $"The agent of {report.Agent.HostName} disconnected.", new AuditSubject(report.Agent.HostId, report.Agent.HostName), now));
            }
        }

        await MultiRowInsert.InsertAsync(db, events);
        var greeted = batch.Where(b => b.Call.Hello is not null && !missing.Contains(b.Call.Agent.HostId)).Select(b => b.Call.Agent.HostId).Distinct().ToList();
        var pending = await delivery.ClaimUnacknowledgedAsync(db, greeted);
        await transaction.CommitAsync();

        foreach (var batched in batch)
        {
            var agent = batched.Call.Agent;
            if (batched.Call.Hello is null)
            {
                batched.Answer([]);
            }
            else if (missing.Contains(agent.HostId))
            {
                batched.Refuse($"Host {agent.HostName} is no longer in the fleet.");
            }
            else
            {
                batched.Answer(pending[agent.HostId].ToList());
            }
        }

        foreach (var hostId in batch.Select(b => b.Call.Agent.HostId).Distinct().Where(id => !missing.Contains(id)))
        {
            await notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, hostId));
        }
    }

    /// <summary>One statement a report, with its own values; 0 rows when the host is no longer in the fleet.</summary>
    private static Task<int> WriteAsync(FleetDbContext db, Report report, DateTimeOffset now)
    {
        var host = db.Hosts.Where(h => h.Id == report.Agent.HostId);
        if (report.State is not { } state)
        {
            return host.ExecuteUpdateAsync(h => h.SetProperty(x => x.State.IsOnline, false).SetProperty(x => x.State.LastSeen, now));
        }

        int? current = state.CurrentGeneration, booted = state.BootedGeneration;
        var nixosVersion = Truncate(state.NixosVersion, 100);
        var rebootNeeded = state.RebootNeeded;
        if (report.Hello is { } hello)
        {
            var agentVersion = Truncate(hello.AgentVersion, 50);
            return host.ExecuteUpdateAsync(h => h
                .SetProperty(x => x.State.IsOnline, true).SetProperty(x => x.State.LastSeen, now).SetProperty(x => x.State.AgentVersion, agentVersion)
                .SetProperty(x => x.State.CurrentGeneration, current).SetProperty(x => x.State.BootedGeneration, booted)
                .SetProperty(x => x.State.NixosVersion, nixosVersion).SetProperty(x => x.State.RebootNeeded, rebootNeeded));
        }

        return host.ExecuteUpdateAsync(h => h
            .SetProperty(x => x.State.IsOnline, true).SetProperty(x => x.State.LastSeen, now)
            .SetProperty(x => x.State.CurrentGeneration, current).SetProperty(x => x.State.BootedGeneration, booted)
            .SetProperty(x => x.State.NixosVersion, nixosVersion).SetProperty(x => x.State.RebootNeeded, rebootNeeded));
    }

    // The protocol's state is never null; a report without one would read as a disconnection.
    private static MachineState Required(MachineState? state) => state ?? throw new HubException("The machine state is missing: send the state of the machine.");

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    /// <summary>A hello (with the state it carries), a state report, or a disconnection (no state).</summary>
    private sealed record Report(AgentIdentity Agent, AgentHello? Hello, MachineState? State);
}
