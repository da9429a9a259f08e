using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>What a rollout wrote: a deployment per host, and by host the deployments they superseded.</summary>
public sealed record WrittenRollout(IReadOnlyList<(RolloutHost Host, Deployment Deployment)> Created, ILookup<int, Guid> Superseded);
