namespace FleetPortal.Bench.Portal;

/// <summary>The portal's database as the benchmark reads it (only reads): how far deployments have got, by the portal's own clock.</summary>
public interface IPortalDatabase
{
    /// <summary>Of these deployments: how many are acknowledged, how many finished, and the last acknowledgement's time.</summary>
    Task<(int Acknowledged, int Finished, DateTimeOffset? LastAcknowledged)> ProgressAsync(IReadOnlyCollection<Guid> deployments);
}
