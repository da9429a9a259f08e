using System.Globalization;

namespace FleetPortal.Bench;

/// <summary>
/// The server's memory once the fleet is connected, printed at once: enough to measure a memory
/// change without waiting for the rounds and the storm (the report has the same figures).
/// </summary>
public static class MemoryLine
{
    public static string Of(string server, int connected, long rssIdle, long rssConnected, long? managedIdle, long? managedConnected)
    {
        static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
        static string PerAgent(long bytes, int agents) => agents == 0 ? "n/a" : (bytes / 1024.0 / agents).ToString("F1", CultureInfo.InvariantCulture);
        var managed = managedIdle is { } a && managedConnected is { } b ? $"; managed {Mb(a)} -> {Mb(b)} MB, {PerAgent(b - a, connected)} KB per agent" : "";
        return $"{server} memory: RSS {Mb(rssIdle)} -> {Mb(rssConnected)} MB, {PerAgent(rssConnected - rssIdle, connected)} KB per agent{managed} ({connected} connected)";
    }

    /// <summary>The same over the second half of the fleet, from <paramref name="half"/> to all <paramref name="connected"/>.</summary>
    public static string OverTheSecondHalf(string server, HalfConnected? half, int connected, long rssConnected, long? managedConnected) =>
        half is null
            ? $"{server} over the second half: not measured"
            : Of($"{server} over the second half", connected - half.Connected, half.Metrics.RssBytes, rssConnected, half.ManagedBytes, managedConnected);
}
