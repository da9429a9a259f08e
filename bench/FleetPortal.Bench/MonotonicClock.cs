using System.Diagnostics;

namespace FleetPortal.Bench;

/// <summary>
/// On Linux <see cref="Stopwatch.GetTimestamp"/> reads CLOCK_MONOTONIC, which every process on
/// the machine shares, so a timestamp taken in the server can be compared with one taken here.
/// </summary>
public static class MonotonicClock
{
    public static long Now() => Stopwatch.GetTimestamp();

    public static double MillisecondsBetween(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
