using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Overview;

/// <summary>The fleet overview's counts, each one query the database answers from its indexes.</summary>
public sealed class FleetOverviewQueries(IDbContextFactory<FleetDbContext> dbFactory)
{
    public async Task<FleetCounts> CountAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hosts = db.Hosts.AsNoTracking().Where(FleetAccess.VisibleHosts(actor));
        var total = await hosts.CountAsync(cancellationToken);
        var online = await hosts.CountAsync(h => h.State.IsOnline, cancellationToken);
        var upToDate = await hosts.CountAsync(h => h.CurrentRevisionNumber > 0 && h.State.AppliedRevisionNumber == h.CurrentRevisionNumber, cancellationToken);
        var reboot = await hosts.CountAsync(h => h.State.RebootNeeded, cancellationToken);

        // A host's outcome is that of its newest deployment.
        var newest = hosts.Select(h => db.Deployments.Where(d => d.HostId == h.Id)
            .OrderByDescending(d => d.CreatedAt).Select(d => (DeploymentStatus?)d.Status).FirstOrDefault());
        var deferred = await newest.CountAsync(s => s == DeploymentStatus.Deferred, cancellationToken);
        var failed = await newest.CountAsync(s => s == DeploymentStatus.Failed, cancellationToken);
        var pending = await hosts.CountAsync(h => h.CurrentRevisionNumber > 0
            && (h.State.AppliedRevisionNumber == null || h.State.AppliedRevisionNumber != h.CurrentRevisionNumber), cancellationToken);
        return new FleetCounts(total, online, total - online, upToDate, Math.Max(0, pending - deferred - failed), deferred, failed, reboot);
    }
}
