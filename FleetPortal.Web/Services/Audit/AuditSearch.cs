using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Failures;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Audit;

/// <summary>
/// The audit log page and its CSV export: events filtered by host, person and time, newest first
/// a page at a time, or all of them oldest first as they are written out. Support staff only.
/// </summary>
public sealed class AuditSearch(IDbContextFactory<FleetDbContext> dbFactory)
{
    public async Task<AuditSearchPage> PageAsync(Actor actor, AuditFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        Require(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = Filtered(db, filter);
        var total = await events.CountAsync(cancellationToken);
        var page = await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new AuditSearchPage(page, total);
    }

    public async IAsyncEnumerable<AuditEvent> StreamAsync(Actor actor, AuditFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Require(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = Filtered(db, filter).OrderBy(e => e.At).ThenBy(e => e.Id).AsAsyncEnumerable();
        await foreach (var audit in events.WithCancellation(cancellationToken))
        {
            yield return audit;
        }
    }

    private static void Require(Actor actor)
    {
        if (!FleetAccess.CanManageFleet(actor))
        {
            throw new AccessDeniedFailure("Only support staff search the whole audit log.");
        }
    }

    private static IQueryable<AuditEvent> Filtered(FleetDbContext db, AuditFilter filter)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Host))
        {
            var host = filter.Host.Trim();
            var rollouts = RolloutEvents.Of(db, db.Hosts.Where(h => h.Name.Contains(host)).Select(h => h.Id));
            events = events.Where(e => (e.HostName != null && e.HostName.Contains(host)) || rollouts.Contains(e.Id));
        }

        if (!string.IsNullOrWhiteSpace(filter.Person))
        {
            var person = filter.Person.Trim();
            events = events.Where(e => e.Actor.Contains(person));
        }

        if (filter.From is { } from)
        {
            events = events.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            events = events.Where(e => e.At <= to);
        }

        return events;
    }
}
