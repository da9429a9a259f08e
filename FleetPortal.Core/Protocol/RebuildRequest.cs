
namespace FleetPortal.Core.Protocol;

/// <summary>One deployment for the agent's host.</summary>
/// <param name="DeploymentId">Names the deployment in every later call; a repeated delivery carries the same id.</param>
/// <param name="Action">What to run.</param>
/// <param name="RevisionNumber">The revision whose bundle to build (for a rollback, the revision it returns to, or 0).</param>
/// <param name="ContentHash">The bundle's expected content hash; a downloaded bundle that differs must not be applied.</param>
/// <param name="RollbackGeneration">For <see cref="RebuildAction.Rollback"/>: the generation to switch to.</param>
/// <param name="Summary">What changes, in words for the person at the desk, such as "firefox, vlc added".</param>
/// <param name="Prompt">How the person at the desk is asked.</param>
/// <param name="CreatedAt">When the deployment was approved.</param>
/// <param name="SentAtTimestamp">
/// Optional: the portal's monotonic clock (<c>Stopwatch.GetTimestamp()</c>, CLOCK_MONOTONIC on Linux) when this message
/// was sent, so a simulator on the same machine can measure the delivery latency. Agents ignore it.
/// </param>
/// <param name="StartAfterMs">
/// Optional: the deployment's turn, in milliseconds from its arrival. The agent holds it until then,
/// and only then stores and acknowledges it and goes on: the portal paces what a whole fleet asks of
/// it after a rollout. Absent or 0: at once.
/// </param>
public sealed record RebuildRequest(
    Guid DeploymentId,
    RebuildAction Action,
    int RevisionNumber,
    string ContentHash,
    int? RollbackGeneration,
    string Summary,
    PromptPolicy Prompt,
    DateTimeOffset CreatedAt,
    long? SentAtTimestamp = null,
    int? StartAfterMs = null);
