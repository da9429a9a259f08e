using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.State;

/// <summary>What the agent keeps across restarts, in <c>state.json</c> of its state directory.</summary>
public sealed record AgentState
{
    public int? HostId { get; init; }

    public string? HostName { get; init; }

    /// <summary>The deployment waiting to run (asking, deferred); a newer one replaces it.</summary>
    public PendingDeployment? Pending { get; init; }

    /// <summary>The deployment being built now; found here after a crash, it is settled from the machine's state.</summary>
    public RunningDeployment? Running { get; init; }

    /// <summary>Results the portal has not confirmed yet; sent on every connect.</summary>
    public IReadOnlyList<DeploymentResult> Unreported { get; init; } = [];

    /// <summary>The latest deployments that finished or were withdrawn; a repeated delivery of one is acknowledged and ignored.</summary>
    public IReadOnlyList<Guid> Finished { get; init; } = [];

    public const int FinishedKept = 200;

    public AgentState WithFinished(Guid deploymentId) =>
        this with { Finished = Finished.Where(id => id != deploymentId).Append(deploymentId).TakeLast(FinishedKept).ToList() };
}
