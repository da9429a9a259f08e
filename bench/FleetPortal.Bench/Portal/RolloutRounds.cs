namespace FleetPortal.Bench.Portal;

/// <summary>
/// What the rollout rounds measured, the warm-up round not counted: per round the latencies from
/// the call, from the server's send and from its first send, the send loop (all portal processes together, and each
/// on its own), the rollout call, the last acknowledgement and the end of every rebuild, and the
/// rollout as the portal that was called logged it, and how long its progress (<c>GET /api/rollouts/{id}</c>)
/// took to read once every rebuild had reported; over all
/// rounds the deployments lost or taken up twice, the rounds whose progress disagreed with the
/// database, and the CPU time of each portal process and of the simulated fleet.
/// </summary>
public sealed record RolloutRounds(
    IReadOnlyList<Latencies> FromCall,
    IReadOnlyList<Latencies> FromServer,
    IReadOnlyList<Latencies> FromFirstSend,
    IReadOnlyList<double> SendLoopMs,
    IReadOnlyList<IReadOnlyList<double>> SendLoopMsByPortal,
    IReadOnlyList<double> CallMs,
    IReadOnlyList<double> LastAcknowledgementMs,
    IReadOnlyList<double> FinishedSeconds,
    int Lost,
    int Duplicated,
    IReadOnlyList<double> PortalCpuMs,
    double FleetCpuMs,
    IReadOnlyList<RolloutLogLine> PortalSays,
    IReadOnlyList<double> ProgressMs,
    int ProgressDisagreed);
