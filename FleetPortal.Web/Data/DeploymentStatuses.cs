namespace FleetPortal.Web.Data;

/// <summary>The groups of <see cref="DeploymentStatus"/> the portal decides by.</summary>
public static class DeploymentStatuses
{
    /// <summary>Approved, and the rebuild has not started: a newer deployment supersedes it, it can be cancelled, its deadline still counts.</summary>
    public static readonly DeploymentStatus[] NotStarted = [DeploymentStatus.Pending, DeploymentStatus.Delivered, DeploymentStatus.Deferred];

    public static bool HasNotStarted(DeploymentStatus status) => Array.IndexOf(NotStarted, status) >= 0;
}
