using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Local;

/// <summary>What <c>fleetportal-agent status</c> shows.</summary>
public sealed record AgentStatus(
    string? ServerUrl,
    bool Connected,
    string? HostName,
    string? LastError,
    int? CurrentGeneration,
    int? BootedGeneration,
    string? NixosVersion,
    bool RebootNeeded,
    string? PendingSummary,
    Guid? PendingDeploymentId,
    DateTimeOffset? DeferredUntil,
    DateTimeOffset? Deadline,
    Guid? RunningDeploymentId,
    int PromptsListening,
    IReadOnlyList<DeskRequestStatus>? Requests = null);
