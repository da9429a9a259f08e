using System.Globalization;
using System.Text.RegularExpressions;

namespace FleetPortal.Bench.Portal;

/// <summary>
/// A rollout as the portal logs it (<c>RolloutCommands</c>): how long its one transaction took,
/// and how much later it had handed its last message to its connection. The portal's own path,
/// before the connections and the fleet have done anything.
/// </summary>
public sealed partial record RolloutLogLine(double WrittenMs, double SentLaterMs)
{
    public double HandedMs => WrittenMs + SentLaterMs;

    /// <summary>The figures of a line such as "Rollout to 10000 host(s): written in 167 ms, 10000 sent 94 ms later"; null for any other line.</summary>
    public static RolloutLogLine? Parse(string? line) =>
        line is not null && Pattern().Match(line) is { Success: true } match
            ? new RolloutLogLine(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : null;

    [GeneratedRegex(@"Rollout to \d+ host\(s\): written in (\d+) ms, \d+ sent (\d+) ms later")]
    private static partial Regex Pattern();
}
