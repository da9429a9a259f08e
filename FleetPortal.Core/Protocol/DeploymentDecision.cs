namespace FleetPortal.Core.Protocol;

/// <param name="DeploymentId">The deployment decided on.</param>
/// <param name="Kind">What was decided.</param>
/// <param name="DeferredUntil">For <see cref="DecisionKind.Deferred"/>: when the agent asks again; not after the deadline unless the mode never forces.</param>
/// <param name="DecidedBy">The local user who answered, if one did.</param>
public sealed record DeploymentDecision(Guid DeploymentId, DecisionKind Kind, DateTimeOffset? DeferredUntil, string? DecidedBy);
