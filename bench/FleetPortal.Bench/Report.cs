using System.Globalization;
using System.Text;

namespace FleetPortal.Bench;

/// <summary>Writes the results of one run as Markdown.</summary>
public static class Report
{
    public static string Write(BenchOptions options, IReadOnlyList<ScenarioResult> results)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"# Fleet benchmark, {options.Hosts} hosts, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(inv, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. Everything on 127.0.0.1; the simulated fleet runs in one process beside the server.");
        text.AppendLine(inv, $"Fan-out figures are the median over {options.Rounds} warm rounds (a first round warms the JIT and is not counted).");
        text.AppendLine();
        text.AppendLine("## Connect and memory");
        text.AppendLine();
        text.AppendLine("| system | connected | time to connect all | server RSS idle | server RSS connected | per connection | managed heap idle -> connected |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var managed = r.ManagedBytesIdle is { } a && r.ManagedBytesConnected is { } b ? $"{Mb(a)} -> {Mb(b)}" : "n/a";
            text.AppendLine(inv, $"| {r.Name} | {r.Connected}/{r.Hosts} | {r.ConnectSeconds:F1} s | {Mb(r.ServerIdle.RssBytes)} | {Mb(r.ServerConnected.RssBytes)} | {r.BytesPerConnection / 1024:F1} KB | {managed} |");
        }

        text.AppendLine();
        text.AppendLine("## Fan-out: one message to every host");
        text.AppendLine();
        text.AppendLine("| system | from the call: p50 / p99 / max | from the server's send: p50 / p99 / max | send loop | lost | duplicated | server CPU | fleet CPU |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            text.AppendLine(inv, $"| {r.Name} | {Triple(r.FromCall)} | {Triple(r.FromServer)} | {Median(r.SendLoopMs):F0} ms | {r.Lost} | {r.Duplicated} | {r.ServerCpuMs / 1000:F1} s | {r.ClientCpuMs / 1000:F1} s |");
        }

        if (results.Count > 1)
        {
            text.AppendLine();
            text.AppendLine("## Ratios (first row / others, from the call)");
            text.AppendLine();
            text.AppendLine("| compared with | p50 | p99 | max |");
            text.AppendLine("|---|---|---|---|");
            var first = results[0].FromCall;
            foreach (var other in results.Skip(1))
            {
                text.AppendLine(inv, $"| {results[0].Name} / {other.Name} | {first.P50 / other.FromCall.P50:F2} | {first.P99 / other.FromCall.P99:F2} | {first.Max / other.FromCall.Max:F2} |");
            }
        }

        return text.ToString();
    }

    private static string Triple(Latencies l) => string.Create(CultureInfo.InvariantCulture, $"{l.P50:F1} / {l.P99:F1} / {l.Max:F1} ms");

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MB");

    private static double Median(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);
}
