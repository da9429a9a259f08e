using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Paging;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Audit;

/// <summary>Reads the audit log: support sees every event, a family admin those of their families' hosts (with the rollouts that reached them).</summary>
public sealed class AuditQueries(IDbContextFactory<FleetDbContext> dbFactory)
{
    public async Task<PagedList<AuditEntry>> ListAsync(Actor actor, AuditQuery query, CancellationToken cancellationToken = default)
    {
        var paging = PageRequest.Checked(query.Page, query.PageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = db.AuditEvents.AsNoTracking();
        if (!actor.IsSupport)
        {
            var visible = db.Hosts.Where(FleetAccess.VisibleHosts(actor)).Select(h => h.Id);
            var rollouts = RolloutEvents.Of(db, visible);
            events = events.Where(e => (e.HostId != null && visible.Contains(e.HostId.Value)) || rollouts.Contains(e.Id));
        }

        if (!string.IsNullOrWhiteSpace(query.HostName))
        {
            var rollouts = RolloutEvents.Of(db, db.Hosts.Where(h => h.Name == query.HostName).Select(h => h.Id));
            events = events.Where(e => e.HostName == query.HostName || rollouts.Contains(e.Id));
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            events = events.Where(e => e.Action == query.Action);
        }

        var total = await events.CountAsync(cancellationToken);
        var items = await events.OrderByDescending(e => e.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(e => new AuditEntry(e.Id, e.At, e.Actor, e.Action, e.HostName, e.ChangeRequestId, e.DeploymentId, e.Details))
            .ToListAsync(cancellationToken);
        return new PagedList<AuditEntry>(items, paging.Page, paging.PageSize, total);
    }
}
