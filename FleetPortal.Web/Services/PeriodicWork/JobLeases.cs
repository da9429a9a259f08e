using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.PeriodicWork;

/// <summary>
/// Leases on periodic work, kept in the fleet database so that one portal process at a time runs
/// each job. Taking and renewing is one conditional UPDATE ("if it is mine, or nobody's since it
/// expired"), which the database applies to one writer at a time on SQLite and PostgreSQL alike.
/// A holder that dies simply stops renewing; after the expiry the next process to ask takes it.
/// </summary>
public sealed class JobLeases(IDbContextFactory<FleetDbContext> databases, TimeProvider time)
{
    /// <summary>
    /// Takes or renews the lease on <paramref name="job"/> for <paramref name="holder"/> until now +
    /// <paramref name="length"/>; false when another holder's lease has not expired yet.
    /// </summary>
    public async Task<bool> TryHoldAsync(string job, string holder, TimeSpan length, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var until = now + length;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var held = await db.JobLeases
            .Where(l => l.Name == job && (l.Holder == holder || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.Holder, holder).SetProperty(x => x.ExpiresAt, until), cancellationToken);
        if (held > 0)
        {
            return true;
        }

        if (await db.JobLeases.AnyAsync(l => l.Name == job, cancellationToken))
        {
            return false;
        }

        // The job's first run on this database: its row is created held. A process creating it at
        // the same moment fails on the key, and the other one holds it.
        db.JobLeases.Add(new JobLease { Name = job, Holder = holder, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    /// <summary>Gives the lease up at once (a process stopping on purpose), so the next process need not wait for its expiry.</summary>
    public async Task ReleaseAsync(string job, string holder, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.JobLeases
            .Where(l => l.Name == job && l.Holder == holder && l.ExpiresAt > now)
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.ExpiresAt, now), cancellationToken);
    }

    /// <summary>The holder of <paramref name="job"/>'s lease now, or null when nobody holds it.</summary>
    public async Task<string?> HolderAsync(string job, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.JobLeases.Where(l => l.Name == job && l.ExpiresAt > now).Select(l => l.Holder).FirstOrDefaultAsync(cancellationToken);
    }
}
