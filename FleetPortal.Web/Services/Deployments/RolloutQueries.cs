using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Failures;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>Reads a rollout, named by the id of its audit event, as the actor may see it.</summary>
public sealed class RolloutQueries(IDbContextFactory<FleetDbContext> dbFactory)
{
    public async Task<RolloutProgress> ProgressAsync(Actor actor, long rolloutId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rollout = await db.AuditEvents.AsNoTracking()
            .Where(e => e.Id == rolloutId && e.Action == AuditActions.RolloutCreated)
            .Select(e => new { e.Details, e.Actor, e.At })
            .SingleOrDefaultAsync(cancellationToken);
        var visible = db.Hosts.Where(FleetAccess.VisibleHosts(actor));
        var counts = rollout is null
            ? []
            : await db.Deployments.AsNoTracking()
                .Where(d => d.RolloutEventId == rolloutId && visible.Any(h => h.Id == d.HostId))
                .GroupBy(d => d.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);

        // A family admin sees a rollout that reached one of their hosts, as the audit log shows it them,
        // and counts only those hosts.
        if (rollout is null || counts.Count == 0)
        {
            throw new NotFoundFailure($"There is no rollout {rolloutId}.");
        }

        int Of(DeploymentStatus status) => counts.GetValueOrDefault(status);
        return new RolloutProgress(rolloutId, rollout.Details, rollout.Actor, rollout.At, counts.Values.Sum(),
            Of(DeploymentStatus.Pending), Of(DeploymentStatus.Delivered), Of(DeploymentStatus.Deferred), Of(DeploymentStatus.Running),
            Of(DeploymentStatus.Succeeded), Of(DeploymentStatus.Failed), Of(DeploymentStatus.Superseded), Of(DeploymentStatus.Cancelled));
    }
}
