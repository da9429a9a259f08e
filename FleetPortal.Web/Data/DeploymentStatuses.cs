using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Data;

/// <summary>The groups of <see cref="DeploymentStatus"/> the portal decides by.</summary>
public static class DeploymentStatuses
{
    /// <summary>Approved, and the rebuild has not started: a newer deployment supersedes it, it can be cancelled, its deadline still counts.</summary>
    public static readonly DeploymentStatus[] NotStarted = [DeploymentStatus.Pending, DeploymentStatus.Delivered, DeploymentStatus.Deferred];

    public static bool HasNotStarted(DeploymentStatus status) => Array.IndexOf(NotStarted, status) >= 0;

    /// <summary>
    /// The deployments that have not started of the hosts <paramref name="ofHost"/> picks, found by
    /// their status's index: the fleet has few (at most one a host), where looking 10,000 hosts up
    /// one by one took 10-15 ms to find none.
    /// </summary>
    public static async Task<List<Deployment>> NotStartedOfAsync(FleetDbContext db, Func<int, bool> ofHost, CancellationToken cancellationToken) =>
        (await db.Deployments.AsNoTracking().Where(d => NotStarted.Contains(d.Status)).ToListAsync(cancellationToken))
            .Where(d => ofHost(d.HostId))
            .ToList();
}
