using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>A deployment as one row of a host's history.</summary>
public sealed record DeploymentSummary(
    Guid Id,
    int HostId,
    string HostName,
    DeploymentAction Action,
    int RevisionNumber,
    int? RollbackGeneration,
    DeploymentStatus Status,
    int? ChangeRequestId,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset Deadline,
    int DeferralCount,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int? ResultGeneration,
    int? ExitCode,
    string? Error);
