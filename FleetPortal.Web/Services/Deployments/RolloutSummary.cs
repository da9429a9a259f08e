namespace FleetPortal.Web.Services.Deployments;

/// <summary>What a rollout created: one deployment per host.</summary>
public sealed record RolloutSummary(int Count, IReadOnlyList<DeploymentSummary> Deployments);
