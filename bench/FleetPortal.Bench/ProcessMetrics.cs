namespace FleetPortal.Bench;

/// <summary>Resident memory and CPU time of any process on this machine, read from /proc.</summary>
public sealed record ProcessMetrics(long RssBytes, double CpuMilliseconds)
{
    public static ProcessMetrics Of(int pid)
    {
        long rss = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        // Fields 14 and 15 of /proc/pid/stat are user and system time in clock ticks (100 per second on Linux).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return new ProcessMetrics(rss, ticks * 10.0);
    }
}
