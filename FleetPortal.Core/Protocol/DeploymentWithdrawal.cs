namespace FleetPortal.Core.Protocol;

/// <param name="DeploymentId">The deployment that must not run.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="SupersededBy">The newer deployment that replaced it, if one did.</param>
public sealed record DeploymentWithdrawal(Guid DeploymentId, string Reason, Guid? SupersededBy);
