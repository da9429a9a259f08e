using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Agents;

/// <summary>Revokes a host's agent tokens and closes the live connections made with them.</summary>
public sealed class AgentRevocations(
    IDbContextFactory<FleetDbContext> databases,
    AgentConnections connections,
    IFleetNotifier notifier,
    TimeProvider time,
    ILogger<AgentRevocations> logger)
{
    /// <summary>Revokes every active token of the host; its agent must enrol again to come back.</summary>
    public async Task<int> RevokeAsync(int hostId, string revokedBy)
    {
        await using var db = await databases.CreateDbContextAsync();
        var host = await db.Hosts.FirstOrDefaultAsync(h => h.Id == hostId)
            ?? throw new ArgumentException($"There is no host with id {hostId}.", nameof(hostId));
        var now = time.GetUtcNow();
        var active = await db.AgentCredentials.Where(c => c.HostId == hostId && c.RevokedAt == null).ToListAsync();
        foreach (var credential in active)
        {
            credential.RevokedAt = now;
        }

        AgentAudit.Record(db, now, revokedBy, AuditActions.AgentTokenRevoked, hostId, host.Name, $"{active.Count} agent token(s) of {host.Name} revoked.");
        await db.SaveChangesAsync();
        await notifier.PublishAsync(new FleetChange(FleetChangeKind.AgentRevoked, hostId));
        return active.Count;
    }

    /// <summary>Closes this process's connections of the host whose token is now revoked.</summary>
    public async Task CloseRevokedConnectionsAsync(int hostId)
    {
        var live = connections.OfHost(hostId);
        if (live.Count == 0)
        {
            return;
        }

        await using var db = await databases.CreateDbContextAsync();
        var ids = live.Select(c => c.Agent.CredentialId).Distinct().ToList();
        var revoked = await db.AgentCredentials.Where(c => ids.Contains(c.Id) && c.RevokedAt != null).Select(c => c.Id).ToListAsync();
        foreach (var (agent, context) in live.Where(c => revoked.Contains(c.Agent.CredentialId)))
        {
            logger.LogInformation("Closing connection {ConnectionId} of {HostName}: its token was revoked", context.ConnectionId, agent.HostName);
            context.Abort();
        }
    }
}
