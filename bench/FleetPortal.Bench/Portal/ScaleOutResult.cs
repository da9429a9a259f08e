namespace FleetPortal.Bench.Portal;

/// <summary>
/// The fleet on two portal processes (PostgreSQL and Redis): the figures every system has, with
/// the server's memory and CPU summed over the processes; each process's own; and the rollout
/// call, the last acknowledgement and the end of every rebuild, per round.
/// </summary>
public sealed record ScaleOutResult(
    ScenarioResult Fleet,
    IReadOnlyList<PortalProcessFigures> Processes,
    IReadOnlyList<double> RolloutCallMs,
    IReadOnlyList<double> LastAcknowledgementMs,
    IReadOnlyList<double> AllFinishedSeconds);
