using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Stores agents' acknowledgements in batches (<see cref="CallBatches{TCall, TResult}"/>): after a
/// rollout thousands arrive within a second, and one query plus one save for all that are waiting
/// replaces a transaction each. A repeated acknowledgement changes nothing. Like bundles, they
/// are stored once no delivery is underway (<see cref="SendsUnderway"/>): the first agents of a
/// rollout acknowledge while the portal still sends to the rest, and storing then delayed every
/// later agent's request.
/// </summary>
public sealed class DeploymentAcknowledgements(
    IDbContextFactory<FleetDbContext> databases,
    IFleetNotifier notifier,
    SendsUnderway sends,
    TimeProvider time,
    ILogger<DeploymentAcknowledgements> logger) : BackgroundService
{
    private readonly CallBatches<Acknowledgement, bool> batches =
        new("The acknowledgement could not be stored; it is asked for again at the next connection.", logger);

    private int heldForSends;

    /// <summary>How many acknowledgements, taken into a batch, wait for the sends underway to end.</summary>
    public int HeldForSends => Volatile.Read(ref heldForSends);

    /// <summary>Completes once the acknowledgement is stored: true, or false when it was stored before.</summary>
    public Task<bool> AcknowledgeAsync(AgentIdentity agent, DeploymentAcknowledgement acknowledgement) =>
        batches.EnqueueAsync(new Acknowledgement(agent, acknowledgement.DeploymentId));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => batches.RunAsync(StoreAsync, stoppingToken);

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // What is queued is still stored; only calls made from now on are refused.
        batches.Complete();
        return base.StopAsync(cancellationToken);
    }

    private async Task StoreAsync(IReadOnlyList<BatchedCall<Acknowledgement, bool>> batch)
    {
        Interlocked.Add(ref heldForSends, batch.Count);
        try
        {
            await sends.WhenNoneAsync(time);
        }
        finally
        {
            Interlocked.Add(ref heldForSends, -batch.Count);
        }

        await using var db = await databases.CreateDbContextAsync();
        var ids = batch.Select(b => b.Call.DeploymentId).Distinct().ToList();
        var deployments = await db.Deployments.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id);
        var now = time.GetUtcNow();
        var changed = new List<Deployment>();
        var events = new List<AuditEvent>();
        var outcomes = new List<(BatchedCall<Acknowledgement, bool> Call, Deployment? Deployment, bool Stored)>(batch.Count);
        foreach (var batched in batch)
        {
            var (agent, deploymentId) = batched.Call;

            // Another host's deployment is answered exactly like an unknown one: nothing leaks.
            if (!deployments.TryGetValue(deploymentId, out var deployment) || deployment.HostId != agent.HostId)
            {
                outcomes.Add((batched, null, false));
                continue;
            }

            if (deployment.AcknowledgedAt is not null)
            {
                outcomes.Add((batched, deployment, false));
                continue;
            }

            deployment.AcknowledgedAt = now;
            if (deployment.Status == DeploymentStatus.Pending)
            {
                deployment.Status = DeploymentStatus.Delivered;
            }

            events.Add(AuditLog.Create(agent.Actor, AuditActions.DeploymentDelivered,
                $"The agent of {agent.HostName} received deployment of revision {deployment.RevisionNumber}.",
                new AuditSubject(agent.HostId, agent.HostName, deployment.ChangeRequestId, deployment.Id), now));
            changed.Add(deployment);
            outcomes.Add((batched, deployment, true));
        }

        // The audit events as plain inserts beside the tracked updates, in one transaction.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.SaveChangesAsync();
            await MultiRowInsert.InsertAsync(db, events);
            await transaction.CommitAsync();
        }

        foreach (var (batched, deployment, stored) in outcomes)
        {
            if (deployment is null)
            {
                batched.Refuse($"Deployment {batched.Call.DeploymentId} is not a deployment of {batched.Call.Agent.HostName}.");
            }
            else
            {
                batched.Answer(stored);
            }
        }

        await notifier.PublishAsync(changed.Select(d => new FleetChange(FleetChangeKind.DeploymentChanged, d.HostId, d.Id)).ToList());
    }

    private sealed record Acknowledgement(AgentIdentity Agent, Guid DeploymentId);
}
