using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>Which deployments the deployments page lists: by status and by part of a host's name.</summary>
public sealed record DeploymentFilter(DeploymentStatus? Status = null, string? Host = null);
