using System.Diagnostics;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Gets deployments to their hosts' agents: at once when one is created (through the host's
/// group), and every unacknowledged one when an agent says hello. Deployments a new one
/// superseded, and cancelled ones, are withdrawn from the agent. Repeats are harmless: the agent
/// knows deployments by id.
/// </summary>
public sealed class DeploymentDelivery(
    IDbContextFactory<FleetDbContext> databases,
    IHubContext<AgentHub, IAgentClient> hub,
    TimeProvider time,
    ILogger<DeploymentDelivery> logger)
{
    /// <summary>A deployment was just created: withdraw what it superseded, then send it to the host's connections.</summary>
    public async Task DeliverNewAsync(Guid deploymentId)
    {
        await using var db = await databases.CreateDbContextAsync();
        var deployment = await db.Deployments.FirstOrDefaultAsync(d => d.Id == deploymentId);
        if (deployment is null || deployment.Status != DeploymentStatus.Pending)
        {
            return;
        }

        var group = hub.Clients.Group(AgentConnections.GroupOf(deployment.HostId));

        // The deployment writer supersedes older ones in the same transaction, marking them finished
        // at the new one's creation: those are the ones this deployment replaced.
        var superseded = await db.Deployments.AsNoTracking()
            .Where(d => d.HostId == deployment.HostId && d.Status == DeploymentStatus.Superseded && d.StartedAt == null && d.FinishedAt == deployment.CreatedAt)
            .Select(d => d.Id)
            .ToListAsync();
        foreach (var id in superseded)
        {
            await group.DeploymentWithdrawn(new DeploymentWithdrawal(id, $"Superseded by a newer deployment (revision {deployment.RevisionNumber}) before it started.", deployment.Id));
        }

        await group.RebuildRequested(await RebuildRequests.ForAsync(db, deployment) with { SentAtTimestamp = Stopwatch.GetTimestamp() });
        deployment.SentAt = time.GetUtcNow();
        await db.SaveChangesAsync();
        logger.LogInformation("Deployment {DeploymentId} sent to host {HostId}", deployment.Id, deployment.HostId);
    }

    /// <summary>A deployment changed: if it was cancelled before it started, the agent must drop it.</summary>
    public async Task WithdrawIfCancelledAsync(Guid deploymentId)
    {
        await using var db = await databases.CreateDbContextAsync();
        var deployment = await db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deploymentId && d.Status == DeploymentStatus.Cancelled && d.StartedAt == null);
        if (deployment is not null)
        {
            await hub.Clients.Group(AgentConnections.GroupOf(deployment.HostId))
                .DeploymentWithdrawn(new DeploymentWithdrawal(deployment.Id, deployment.Error ?? "The deployment was cancelled.", null));
        }
    }

    /// <summary>An agent said hello: send it every deployment it has not acknowledged, oldest first.</summary>
    public async Task DeliverUnacknowledgedAsync(int hostId, IAgentClient agent)
    {
        await using var db = await databases.CreateDbContextAsync();
        var waiting = await db.Deployments
            .Where(d => d.HostId == hostId && d.Status == DeploymentStatus.Pending)
            .OrderBy(d => d.CreatedAt)
            .ToListAsync();
        foreach (var deployment in waiting)
        {
            await agent.RebuildRequested(await RebuildRequests.ForAsync(db, deployment) with { SentAtTimestamp = Stopwatch.GetTimestamp() });
            deployment.SentAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync();
    }
}
