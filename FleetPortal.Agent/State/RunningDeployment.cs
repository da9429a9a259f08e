using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.State;

/// <param name="DeploymentId">The deployment being built.</param>
/// <param name="Action">What runs.</param>
/// <param name="GenerationBefore">The newest system generation before it started.</param>
/// <param name="TargetGeneration">For a rollback, the generation switched to.</param>
/// <param name="StartedAt">When it started.</param>
public sealed record RunningDeployment(Guid DeploymentId, RebuildAction Action, int? GenerationBefore, int? TargetGeneration, DateTimeOffset StartedAt);
