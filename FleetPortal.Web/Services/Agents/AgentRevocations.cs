using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Failures;
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
    private readonly AuditLog audit = new(time);

    /// <summary>Revokes every active token of the host; its agent must enrol again to come back.</summary>
    public async Task<int> RevokeAsync(int hostId, Actor actor)
    {
        if (!FleetAccess.CanManageFleet(actor))
        {
            throw new AccessDeniedFailure("Only support staff revoke a host's agent.");
        }

        await using var db = await databases.CreateDbContextAsync();
        var host = await db.Hosts.FirstOrDefaultAsync(h => h.Id == hostId)
            ?? throw new NotFoundFailure($"There is no host with id {hostId}.");
        var now = time.GetUtcNow();
        var active = await db.AgentCredentials.Where(c => c.HostId == hostId && c.RevokedAt == null).ToListAsync();
        foreach (var credential in active)
        {
            credential.RevokedAt = now;
        }

        audit.Record(db, actor, AuditActions.AgentTokenRevoked, $"{actor.Description} revoked {active.Count} agent token(s) of {host.Name}.", new AuditSubject(hostId, host.Name));
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
