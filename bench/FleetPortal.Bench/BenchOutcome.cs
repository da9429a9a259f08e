using FleetPortal.Bench.Portal;

namespace FleetPortal.Bench;

/// <summary>What one run found: each system's figures, FleetPortal's own, and the two-process run's.</summary>
public sealed record BenchOutcome(IReadOnlyList<ScenarioResult> Results, PortalFindings? Portal, ScaleOutResult? ScaleOut = null, string? Failure = null)
{
    /// <summary>Every system connected every host, delivered to every host, and lost and duplicated nothing; so did the reconnect storm.</summary>
    public bool IsCorrect =>
        Failure is null
        && Results.All(IsComplete)
        && (ScaleOut is null || IsComplete(ScaleOut.Fleet))
        && Portal?.Storm is null or { Lost: 0, Duplicated: 0 }
        && Portal?.RolloutProgressDisagreed is null or 0
        && (Portal?.Storm is not { } storm || storm.Reconnected == storm.Hosts);

    private static bool IsComplete(ScenarioResult r) =>
        r.Connected == r.Hosts && r.Lost == 0 && r.Duplicated == 0 && r.FromCallRuns.All(l => l.Count == r.Hosts);
}
