using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Audit;

/// <summary>
/// A rollout records one audit event for all its hosts, naming none of them: it concerns a host
/// through that host's deployment, which points to it.
/// </summary>
internal static class RolloutEvents
{
    /// <summary>The ids of the rollout events that concern any of <paramref name="hostIds"/>.</summary>
    public static IQueryable<long> Of(FleetDbContext db, IQueryable<int> hostIds) =>
        db.Deployments.Where(d => d.RolloutEventId != null && hostIds.Contains(d.HostId)).Select(d => d.RolloutEventId!.Value);
}
