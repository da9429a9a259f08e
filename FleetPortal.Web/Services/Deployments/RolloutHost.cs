using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>What a rollout reads of each host it deploys to: no tracked entity, a row each.</summary>
public sealed record RolloutHost(int Id, string Name, int? FamilyId, int CurrentRevisionNumber, Family? Family);
