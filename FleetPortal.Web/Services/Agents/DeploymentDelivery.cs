using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Hubs;
using FleetPortal.Web.Services.Notifications;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Gets deployments to their hosts' agents: at once when one is created (through the host's
/// group), and every unacknowledged one when an agent says hello. A newer deployment supersedes
/// older ones that have not started. Repeats are harmless: the agent knows deployments by id.
/// With several portal processes every process hears of a new deployment; only one that holds a
/// connection of the host sends it, and only the one that claims it in the database (see
/// docs/scale-out.md).
/// </summary>
public sealed class DeploymentDelivery(
    IDbContextFactory<FleetDbContext> databases,
    IHubContext<AgentHub, IAgentClient> hub,
    IFleetNotifier notifier,
    AgentConnections connections,
    TimeProvider time,
    ILogger<DeploymentDelivery> logger)
{
    private static readonly DeploymentStatus[] NotStarted = [DeploymentStatus.Pending, DeploymentStatus.Delivered, DeploymentStatus.Deferred];

    /// <summary>A deployment was just created: withdraw what it supersedes, then send it to the host's connections.</summary>
    public async Task DeliverNewAsync(Guid deploymentId)
    {
        await using var db = await databases.CreateDbContextAsync();
        var deployment = await db.Deployments.FirstOrDefaultAsync(d => d.Id == deploymentId);
        if (deployment is null || deployment.Status != DeploymentStatus.Pending || !connections.IsConnected(deployment.HostId))
        {
            return;
        }

        // The claim: of the processes holding a connection of the host, the one whose update finds
        // SentAt still empty sends. An agent that misses it still gets it on its next hello.
        var sentAt = time.GetUtcNow();
        var claimed = await db.Deployments
            .Where(d => d.Id == deploymentId && d.SentAt == null && d.Status == DeploymentStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.SentAt, sentAt));
        if (claimed == 0)
        {
            return;
        }

        await SupersedeOlderAsync(db, deployment);
        var request = await RebuildRequests.ForAsync(db, deployment);
        await hub.Clients.Group(AgentConnections.GroupOf(deployment.HostId)).RebuildRequested(request);
        logger.LogInformation("Deployment {DeploymentId} sent to host {HostId}", deployment.Id, deployment.HostId);
    }

    /// <summary>An agent said hello: send it every deployment it has not acknowledged, oldest first.</summary>
    public async Task DeliverUnacknowledgedAsync(int hostId, IAgentClient agent)
    {
        await using var db = await databases.CreateDbContextAsync();
        var newest = await db.Deployments
            .Where(d => d.HostId == hostId && d.Status == DeploymentStatus.Pending)
            .OrderByDescending(d => d.CreatedAt)
            .FirstOrDefaultAsync();
        if (newest is null)
        {
            return;
        }

        // Whatever the newest one supersedes is withdrawn first, so only it is sent.
        await SupersedeOlderAsync(db, newest);
        await agent.RebuildRequested(await RebuildRequests.ForAsync(db, newest));
        newest.SentAt = time.GetUtcNow();
        await db.SaveChangesAsync();
    }

    private async Task SupersedeOlderAsync(FleetDbContext db, Deployment newer)
    {
        var older = await db.Deployments
            .Where(d => d.HostId == newer.HostId && d.Id != newer.Id && NotStarted.Contains(d.Status) && d.CreatedAt <= newer.CreatedAt)
            .ToListAsync();
        if (older.Count == 0)
        {
            return;
        }

        var hostName = await db.Hosts.Where(h => h.Id == newer.HostId).Select(h => h.Name).FirstAsync();
        var now = time.GetUtcNow();
        foreach (var deployment in older)
        {
            deployment.Status = DeploymentStatus.Superseded;
            deployment.FinishedAt = now;
            deployment.Error = $"Superseded by deployment {newer.Id} (revision {newer.RevisionNumber}) before it started.";
            AgentAudit.Record(db, now, "portal", AuditActions.DeploymentSuperseded, newer.HostId, hostName, deployment.Error, deployment.Id);
        }

        await db.SaveChangesAsync();
        foreach (var deployment in older)
        {
            await hub.Clients.Group(AgentConnections.GroupOf(newer.HostId))
                .DeploymentWithdrawn(new DeploymentWithdrawal(deployment.Id, deployment.Error!, newer.Id));
            await notifier.PublishAsync(new FleetChange(FleetChangeKind.DeploymentChanged, newer.HostId, deployment.Id));
        }
    }
}
