namespace FleetPortal.Web.Services.Notifications;

/// <summary>Something in the fleet moved on; open pages and the agent hub react to it.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="HostId">The host it concerns, if one.</param>
/// <param name="DeploymentId">The deployment it concerns, if one.</param>
/// <param name="ChangeRequestId">The change request it concerns, if one.</param>
public sealed record FleetChange(FleetChangeKind Kind, int? HostId = null, Guid? DeploymentId = null, int? ChangeRequestId = null)
{
    /// <summary>A deployment was created, sent, moved on or cancelled: what lists of deployments show changed.</summary>
    public bool MovesADeployment => Kind is FleetChangeKind.DeploymentCreated or FleetChangeKind.DeploymentSent
        or FleetChangeKind.DeploymentChanged or FleetChangeKind.DeploymentCancelled;
}
