namespace FleetPortal.Bench.Portal;

/// <summary>
/// One portal process of a scaled-out run: the agents connected to it, its memory with none and
/// with them (RSS, and the live managed heap after a full collection), its CPU time during the
/// rollout rounds, and its own send loop in each round (its first send to its last).
/// </summary>
public sealed record PortalProcessFigures(
    string Name,
    int Agents,
    ProcessMetrics Idle,
    ProcessMetrics Connected,
    long ManagedBytesIdle,
    long ManagedBytesConnected,
    double CpuMs,
    IReadOnlyList<double> SendLoopMs)
{
    public double RssBytesPerAgent => Agents == 0 ? double.NaN : (double)(Connected.RssBytes - Idle.RssBytes) / Agents;

    public double ManagedBytesPerAgent => Agents == 0 ? double.NaN : (double)(ManagedBytesConnected - ManagedBytesIdle) / Agents;
}
