namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// What a rollout created: one deployment per host. <paramref name="Id"/> names the rollout (the id
/// of its audit event), for following its progress (<see cref="RolloutProgress"/>).
/// </summary>
public sealed record RolloutSummary(long Id, int Count, IReadOnlyList<DeploymentSummary> Deployments);
