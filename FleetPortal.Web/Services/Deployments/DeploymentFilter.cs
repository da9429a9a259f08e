using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// Which deployments the deployments page lists: by status, by part of a host's name, and those of
/// one rollout (the id of its audit event).
/// </summary>
public sealed record DeploymentFilter(DeploymentStatus? Status = null, string? Host = null, long? Rollout = null);
