using System.Threading.Channels;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Notifications;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Stores agents' acknowledgements in batches: after a rollout thousands arrive within a second,
/// and one query plus one save for all that are waiting replaces a transaction each. Each caller
/// still waits until its own acknowledgement is stored (or refused), so the hub answers the agent
/// exactly as before. A repeated acknowledgement changes nothing.
/// </summary>
public sealed class DeploymentAcknowledgements(
    IDbContextFactory<FleetDbContext> databases,
    IFleetNotifier notifier,
    TimeProvider time,
    ILogger<DeploymentAcknowledgements> logger) : BackgroundService
{
    /// <summary>The most acknowledgements one save stores.</summary>
    private const int MaxBatch = 1_000;

    private readonly Channel<Waiting> queue = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AuditLog audit = new(time);

    public Task AcknowledgeAsync(AgentIdentity agent, DeploymentAcknowledgement acknowledgement)
    {
        var waiting = new Waiting(agent, acknowledgement.DeploymentId, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(waiting))
        {
            throw new HubException("The portal is shutting down; acknowledge again after reconnecting.");
        }

        return waiting.Stored.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Waiting>(MaxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var waiting))
                {
                    batch.Add(waiting);
                }

                try
                {
                    await StoreAsync(batch);
                }
                catch (Exception exception)
                {
                    // Nothing of the batch was saved: each agent sees its call fail and acknowledges again on its next hello.
                    logger.LogWarning(exception, "Storing {Count} acknowledgement(s) failed", batch.Count);
                    batch.ForEach(w => w.Stored.TrySetException(new HubException("The acknowledgement could not be stored; it is asked for again at the next connection.")));
                }

                batch.Clear();
            }
        }
        finally
        {
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out var left))
            {
                left.Stored.TrySetCanceled();
            }
        }
    }

    private async Task StoreAsync(List<Waiting> batch)
    {
        await using var db = await databases.CreateDbContextAsync();
        var ids = batch.Select(w => w.DeploymentId).Distinct().ToList();
        var deployments = await db.Deployments.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id);
        var now = time.GetUtcNow();
        var changed = new List<Deployment>();
        var refused = new List<Waiting>();
        foreach (var waiting in batch)
        {
            // Another host's deployment is answered exactly like an unknown one: nothing leaks.
            if (!deployments.TryGetValue(waiting.DeploymentId, out var deployment) || deployment.HostId != waiting.Agent.HostId)
            {
                refused.Add(waiting);
                continue;
            }

            if (deployment.AcknowledgedAt is not null)
            {
                continue;
            }

            deployment.AcknowledgedAt = now;
            if (deployment.Status == DeploymentStatus.Pending)
            {
                deployment.Status = DeploymentStatus.Delivered;
            }

            audit.Record(db, waiting.Agent.Actor, AuditActions.DeploymentDelivered,
                $"The agent of {waiting.Agent.HostName} received deployment of revision {deployment.RevisionNumber}.",
                new AuditSubject(waiting.Agent.HostId, waiting.Agent.HostName, deployment.ChangeRequestId, deployment.Id));
            changed.Add(deployment);
        }

        await db.SaveChangesAsync();
        foreach (var waiting in batch)
        {
            if (refused.Contains(waiting))
            {
                waiting.Stored.TrySetException(new HubException($"Deployment {waiting.DeploymentId} is not a deployment of {waiting.Agent.HostName}."));
            }
            else
            {
                waiting.Stored.TrySetResult();
            }
        }

        foreach (var deployment in changed)
        {
            await notifier.PublishAsync(new FleetChange(FleetChangeKind.DeploymentChanged, deployment.HostId, deployment.Id));
        }
    }

    private sealed record Waiting(AgentIdentity Agent, Guid DeploymentId, TaskCompletionSource Stored);
}
