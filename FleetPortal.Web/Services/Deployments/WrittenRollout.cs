using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// What a rollout wrote: its audit event (whose id names the rollout), a deployment per host, and by
/// host the deployments they superseded.
/// </summary>
public sealed record WrittenRollout(long EventId, IReadOnlyList<(RolloutHost Host, Deployment Deployment)> Created, ILookup<int, Guid> Superseded);
