using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Audit;

/// <summary>Reads the audit log for support staff: filtered, newest first, a page at a time or all for export.</summary>
public sealed class AuditQueries(IDbContextFactory<FleetDbContext> dbFactory)
{
    public async Task<AuditPage> PageAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = Filtered(db, filter);
        var total = await events.CountAsync(cancellationToken);
        var page = await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new AuditPage(page, total);
    }

    /// <summary>Every matching event, oldest first, read as it is written out.</summary>
    public async IAsyncEnumerable<AuditEvent> StreamAsync(AuditFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = Filtered(db, filter).OrderBy(e => e.At).ThenBy(e => e.Id).AsAsyncEnumerable();
        await foreach (var audit in events.WithCancellation(cancellationToken))
        {
            yield return audit;
        }
    }

    private static IQueryable<AuditEvent> Filtered(FleetDbContext db, AuditFilter filter)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Host))
        {
            var host = filter.Host.Trim();
            events = events.Where(e => e.HostName != null && e.HostName.Contains(host));
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
