using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Local;

/// <summary>
/// What <c>fleetportal-agent status</c> shows. The waiting deployment is one that arrived and waits
/// for its turn (the portal paces a rollout's starts): not stored yet, so not pending yet.
/// </summary>
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
    IReadOnlyList<DeskRequestStatus>? Requests = null,
    string? WaitingSummary = null,
    Guid? WaitingDeploymentId = null,
    DateTimeOffset? WaitingTurnAt = null);
