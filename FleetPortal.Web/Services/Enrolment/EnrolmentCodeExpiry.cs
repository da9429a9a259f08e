using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.PeriodicWork;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Enrolment;

/// <summary>
/// Records each enrolment code that expired unused, once: the code is marked expired and the audit
/// log says so, in one transaction. Redeeming checks the expiry itself; this is the record of it.
/// </summary>
public sealed class EnrolmentCodeExpiry(IDbContextFactory<FleetDbContext> databases, TimeProvider time) : IPeriodicJob
{
    public const string JobName = "enrolment-codes.expiry";

    private const int BatchSize = 200;

    private readonly AuditLog audit = new(time);

    public string Name => JobName;

    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(LeaseHold lease, CancellationToken cancellationToken)
    {
        DateTimeOffset? now = time.GetUtcNow();
        while (true)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var expired = await db.EnrolmentCodes
                .Where(c => c.UsedAt == null && c.ExpiredAt == null && c.ExpiresAt <= now)
                .OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.HostName, c.CreatedBy, c.ExpiresAt })
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (expired.Count == 0)
            {
                return;
            }

            var names = expired.Select(c => c.HostName).Distinct().ToList();
            var hostIds = await db.Hosts.Where(h => names.Contains(h.Name)).ToDictionaryAsync(h => h.Name, h => h.Id, cancellationToken);
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                foreach (var code in expired)
                {
                    // Rechecked in the statement that writes it: used meanwhile, or recorded by another run, it is left alone.
                    var changed = await db.EnrolmentCodes.Where(c => c.Id == code.Id && c.UsedAt == null && c.ExpiredAt == null)
                        .ExecuteUpdateAsync(c => c.SetProperty(x => x.ExpiredAt, now), cancellationToken);
                    if (changed > 0)
                    {
                        audit.Record(db, Actor.Portal, AuditActions.EnrolmentCodeExpired,
                            $"The enrolment code for {code.HostName} made by {code.CreatedBy} expired unused at {code.ExpiresAt:u}.",
                            new AuditSubject(hostIds.TryGetValue(code.HostName, out var hostId) ? hostId : null, code.HostName));
                    }
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            if (expired.Count < BatchSize || !await lease.KeepAsync(cancellationToken))
            {
                return;
            }
        }
    }
}
