namespace FleetPortal.Bench;

/// <summary>
/// The simulated fleet's own garbage collections over a stretch of a run: a collection stops
/// every simulated agent at once, so a receipt it delays is the simulator's, not the server's.
/// </summary>
public sealed record FleetPauses(TimeSpan Paused, int Gen0, int Gen1, int Gen2, long HeapBytes, long AllocatedBytes)
{
    public static FleetPauses Now() =>
        new(GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalMemory(false), GC.GetTotalAllocatedBytes());

    /// <summary>
    /// A full collection, then the snapshot: a round then starts with its whole allocation budget
    /// ahead of it, not with a collection of a 1 GB heap due in the middle of the fleet's receipts.
    /// Every system's rounds start this way.
    /// </summary>
    public static FleetPauses AfterFullCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Now();
    }

    /// <summary>The console line of a fan-out round: what happened since this snapshot, in words.</summary>
    public string Since(string scenario, int run)
    {
        var now = Now();
        return $"{scenario} round {run}, this process while the fleet received: {Collections((now.Paused - Paused).TotalMilliseconds, now.Gen0 - Gen0, now.Gen1 - Gen1, now.Gen2 - Gen2, now.AllocatedBytes - AllocatedBytes)}; heap {HeapBytes / 1048576.0:F0} -> {now.HeapBytes / 1048576.0:F0} MB";
    }

    /// <summary>"GC paused 12 ms (3 gen0, 1 gen1, 0 gen2 collections; 85 MB allocated)": the same words for any process's collections.</summary>
    public static string Collections(double pausedMs, int gen0, int gen1, int gen2, long allocatedBytes) =>
        $"GC paused {pausedMs:F0} ms ({gen0} gen0, {gen1} gen1, {gen2} gen2 collections; {allocatedBytes / 1048576.0:F0} MB allocated)";
}
