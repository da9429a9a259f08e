using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Paging;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// Reads rollouts, each named by the id of its audit event, as the actor may see them: a family
/// admin sees a rollout that reached one of their hosts, as the audit log shows it them, and
/// counts only those hosts.
/// </summary>
public sealed class RolloutQueries(IDbContextFactory<FleetDbContext> dbFactory)
{
    public async Task<RolloutProgress> ProgressAsync(Actor actor, long rolloutId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rollout = await Rollouts(db, actor).Where(e => e.Id == rolloutId)
            .Select(e => new { e.Id, e.Details, e.Actor, e.At })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw NotThere(rolloutId);
        var counts = await CountsAsync(db, actor, [rolloutId], cancellationToken);
        return RolloutProgress.Of(rollout.Id, rollout.Details, rollout.Actor, rollout.At, counts[rolloutId]);
    }

    /// <summary>Throws <see cref="NotFoundFailure"/> unless the rollout is there for the actor, as <see cref="ProgressAsync"/> would, without counting.</summary>
    public async Task EnsureVisibleAsync(Actor actor, long rolloutId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Rollouts(db, actor).AnyAsync(e => e.Id == rolloutId, cancellationToken))
        {
            throw NotThere(rolloutId);
        }
    }

    /// <summary>The rollouts, newest first, a page at a time, each with how far it has come.</summary>
    public async Task<PagedList<RolloutProgress>> ListAsync(Actor actor, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var paging = PageRequest.Checked(page, pageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rollouts = Rollouts(db, actor);
        var total = await rollouts.CountAsync(cancellationToken);
        var rows = await rollouts.OrderByDescending(e => e.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(e => new { e.Id, e.Details, e.Actor, e.At })
            .ToListAsync(cancellationToken);
        var counts = await CountsAsync(db, actor, rows.Select(r => r.Id).ToList(), cancellationToken);
        var items = rows.Select(r => RolloutProgress.Of(r.Id, r.Details, r.Actor, r.At, counts[r.Id])).ToList();
        return new PagedList<RolloutProgress>(items, paging.Page, paging.PageSize, total);
    }

    private static NotFoundFailure NotThere(long rolloutId) => new($"There is no rollout {rolloutId}.");

    /// <summary>The rollouts' audit events that reached a host the actor may see.</summary>
    private static IQueryable<AuditEvent> Rollouts(FleetDbContext db, Actor actor)
    {
        var visible = db.Hosts.Where(FleetAccess.VisibleHosts(actor));
        return db.AuditEvents.AsNoTracking()
            .Where(e => e.Action == AuditActions.RolloutCreated)
            .Where(e => db.Deployments.Any(d => d.RolloutEventId == e.Id && visible.Any(h => h.Id == d.HostId)));
    }

    /// <summary>Each rollout's deployments of the hosts the actor may see, counted by status, in one grouped query.</summary>
    private static async Task<Dictionary<long, Dictionary<DeploymentStatus, int>>> CountsAsync(
        FleetDbContext db, Actor actor, List<long> rolloutIds, CancellationToken cancellationToken)
    {
        var visible = db.Hosts.Where(FleetAccess.VisibleHosts(actor));
        var ids = rolloutIds.Select(id => (long?)id).ToList();
        var counts = await db.Deployments.AsNoTracking()
            .Where(d => ids.Contains(d.RolloutEventId) && visible.Any(h => h.Id == d.HostId))
            .GroupBy(d => new { d.RolloutEventId, d.Status })
            .Select(g => new { g.Key.RolloutEventId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return rolloutIds.ToDictionary(
            id => id,
            id => counts.Where(c => c.RolloutEventId == id).ToDictionary(c => c.Status, c => c.Count));
    }
}
