namespace FleetPortal.Web.Services.Deployments;

/// <summary>What a cancellation stopped: every deployment of the hosts that had not started, now cancelled.</summary>
public sealed record CancelledDeployments(int Count, IReadOnlyList<DeploymentSummary> Deployments);
