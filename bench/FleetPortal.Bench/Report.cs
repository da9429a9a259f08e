using System.Globalization;
using System.Text;
using FleetPortal.Bench.Portal;

namespace FleetPortal.Bench;

/// <summary>Writes the results of one run as Markdown.</summary>
public static class Report
{
    public static string Write(BenchOptions options, IReadOnlyList<ScenarioResult> results, PortalFindings? portal = null, ScaleOutResult? scaleOut = null)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"# Fleet benchmark, {options.Hosts} hosts, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(inv, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. Everything on 127.0.0.1; the simulated fleet runs in one process beside the server.");
        text.AppendLine("FleetPortal's SQLite file and the simulated machines' state directories are on tmpfs (/dev/shm) when there is one: a commit's fsync costs nothing there, as it would not on a disk.");
        text.AppendLine(inv, $"Fan-out figures are the median over {options.Rounds} warm rounds (a first round warms the JIT and is not counted).");
        text.AppendLine();
        // A run of the two-process scenario alone has no system of these tables.
        if (results.Count > 0)
        {
            WriteSystems(text, results);
        }

        if (portal is not null)
        {
            WritePortal(text, portal, results.FirstOrDefault(r => r.Name == "FleetPortal"));
        }

        if (scaleOut is not null)
        {
            WriteScaleOut(text, scaleOut, results.FirstOrDefault(r => r.Name == "FleetPortal"));
        }

        WriteTargets(text, results, portal);

        if (results.Count > 0)
        {
            WriteCpu(text, results);
        }

        return text.ToString();
    }

    private static void WriteSystems(StringBuilder text, IReadOnlyList<ScenarioResult> results)
    {
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine("## Connect and memory");
        text.AppendLine();
        text.AppendLine("| system | connected | time to connect all | server RSS idle | server RSS connected | per connection | managed heap idle -> connected | second half, per connection: RSS / managed |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var managed = r.ManagedBytesIdle is { } a && r.ManagedBytesConnected is { } b ? $"{Mb(a)} -> {Mb(b)}" : "n/a";
            var marginalManaged = double.IsNaN(r.MarginalManagedBytesPerConnection) ? "n/a" : $"{r.MarginalManagedBytesPerConnection / 1024:F1} KB";
            var marginal = double.IsNaN(r.MarginalBytesPerConnection) ? "n/a" : $"{r.MarginalBytesPerConnection / 1024:F1} KB / {marginalManaged}";
            text.AppendLine(inv, $"| {r.Name} | {r.Connected}/{r.Hosts} | {r.ConnectSeconds:F1} s | {Mb(r.ServerIdle.RssBytes)} | {Mb(r.ServerConnected.RssBytes)} | {r.BytesPerConnection / 1024:F1} KB | {managed} | {marginal} |");
        }

        text.AppendLine();
        text.AppendLine("\"Second half\": from the server with half the fleet connected to the whole fleet, per connection added; what a server spends once (code compiled on first use, threads) is spent by then.");

        text.AppendLine();
        text.AppendLine("## Fan-out: one message to every host");
        text.AppendLine();
        text.AppendLine("| system | from the call: p50 / p99 / max | from the server's first send: p50 / p99 / max | from the server's send: p50 / p99 / max | send loop | lost | duplicated | server CPU | fleet CPU |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            text.AppendLine(inv, $"| {r.Name} | {Triple(r.FromCall)} | {Triple(r.FromFirstSend)} | {Triple(r.FromServer)} | {Median(r.SendLoopMs):F0} ms | {r.Lost} | {r.Duplicated} | {r.ServerCpuMs / 1000:F1} s | {r.ClientCpuMs / 1000:F1} s |");
        }

        text.AppendLine();
        text.AppendLine("\"From the server's first send\": from the earliest send timestamp the round's messages carry to each receipt, the delivery alone. FleetPortal's first send follows the commit of the transaction that writes every deployment and the rollout's audit event; the bare hub and the MQTT publisher send at once.");

        if (results.Count > 1)
        {
            text.AppendLine();
            text.AppendLine("## Ratios (first row / others, from the call)");
            text.AppendLine();
            text.AppendLine("| compared with | p50 | p99 | max |");
            text.AppendLine("|---|---|---|---|");
            WriteRatios(text, results, r => r.FromCall);
            text.AppendLine();
            text.AppendLine("## Ratios of the delivery alone (first row / others, from each server's first send)");
            text.AppendLine();
            text.AppendLine("| compared with | p50 | p99 | max |");
            text.AppendLine("|---|---|---|---|");
            WriteRatios(text, results, r => r.FromFirstSend);
        }
    }

    private static void WriteRatios(StringBuilder text, IReadOnlyList<ScenarioResult> results, Func<ScenarioResult, Latencies> latencies)
    {
        var first = latencies(results[0]);
        foreach (var other in results.Skip(1))
        {
            var them = latencies(other);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {results[0].Name} / {other.Name} | {first.P50 / them.P50:F2} | {first.P99 / them.P99:F2} | {first.Max / them.Max:F2} |");
        }
    }

    private static void WriteCpu(StringBuilder text, IReadOnlyList<ScenarioResult> results)
    {
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine("## CPU time per process");
        text.AppendLine();
        text.AppendLine("Server: the portal, the bare hub or mosquitto during the fan-out rounds; fleet: this benchmark process (the simulated agents or clients) during the same rounds.");
        text.AppendLine();
        text.AppendLine("| system | server CPU | fleet CPU | server RSS connected |");
        text.AppendLine("|---|---|---|---|");
        foreach (var r in results)
        {
            text.AppendLine(inv, $"| {r.Name} | {r.ServerCpuMs / 1000:F1} s | {r.ClientCpuMs / 1000:F1} s | {Mb(r.ServerConnected.RssBytes)} |");
        }
    }

    private static void WritePortal(StringBuilder text, PortalFindings p, ScenarioResult? r)
    {
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine("## FleetPortal only");
        text.AppendLine();
        text.AppendLine(inv, $"- Provisioning: the family and every enrolment code in {p.ProvisionSeconds:F1} s (`POST /api/enrolment-codes`, one call); every simulated machine enrolled with the agent's own `Enroller` in {p.EnrolSeconds:F1} s (16 at a time).");
        if (r is not null)
        {
            var managed = r.ManagedBytesIdle is { } a && r.ManagedBytesConnected is { } b && r.Connected > 0 ? (b - a) / 1024.0 / r.Connected : double.NaN;
            text.AppendLine(inv, $"- Per connected agent: {r.BytesPerConnection / 1024:F1} KB RSS, {managed:F1} KB live managed heap (after a full collection), counted from the portal just started, before any host existed.");
            if (p.EnrolledIdle is { } enrolled)
            {
                text.AppendLine(inv, $"- Per connected agent counted from the same portal with every host enrolled and none connected (what the connections alone hold; {Mb(enrolled.Metrics.RssBytes)} RSS and {Mb(enrolled.ManagedBytes)} managed then): {p.RssBytesPerAgent(r) / 1024:F1} KB RSS, {p.ManagedBytesPerAgent(r) / 1024:F1} KB managed.");
            }
        }

        text.AppendLine(inv, $"- Rollout call (`POST /api/rollouts`: one transaction, then delivery to every agent), median: {PortalFindings.Median(p.RolloutCallMs):F0} ms.");
        if (p.RolloutsLogged is { Count: > 0 } logged)
        {
            text.AppendLine(inv, $"- The rollout as the portal logs it, median: its transaction (every deployment and the rollout's audit event) {PortalFindings.Median(logged.Select(l => l.WrittenMs).ToList()):F0} ms, then every message handed to its connection {PortalFindings.Median(logged.Select(l => l.SentLaterMs).ToList()):F0} ms later, {PortalFindings.Median(logged.Select(l => l.HandedMs).ToList()):F0} ms after it began writing.");
        }

        text.AppendLine(inv, $"- From the call until the last acknowledgement was stored (the portal's clock), median: {PortalFindings.Median(p.LastAcknowledgementMs):F0} ms.");
        text.AppendLine(inv, $"- From the call until every simulated rebuild had reported its result, median: {PortalFindings.Median(p.AllFinishedSeconds):F1} s.");
        if (p.RolloutProgressMs is { Count: > 0 } progress)
        {
            text.AppendLine(inv, $"- The rollout's progress as a script that rolls out and waits reads it then (`GET /api/rollouts/{{id}}`: every deployment counted by status), median: {PortalFindings.Median(progress):F0} ms; it agreed with the database in {progress.Count - p.RolloutProgressDisagreed} of {progress.Count} rounds.");
        }

        text.AppendLine(inv, $"- Approval to agent, one host (`POST /api/changes/{{id}}/approve` until its agent has the rebuild request, the rest of the fleet connected), median of {p.ApprovalToAgentMs.Count}: {PortalFindings.Median(p.ApprovalToAgentMs):F0} ms.");
        text.AppendLine("- \"Send loop\" for FleetPortal is the spread of the server's send timestamps carried in the messages (first send to last).");
        if (p.Storm is { } s)
        {
            text.AppendLine();
            text.AppendLine("### Reconnect storm");
            text.AppendLine();
            text.AppendLine("The portal process is killed (SIGKILL) while a rollout to every host is being delivered (after a quarter of the fleet received it), then started again on the same database.");
            text.AppendLine();
            text.AppendLine("| pending at the kill | portal listening again | all reconnected | all delivered and acknowledged | lost | duplicated | received again (stored once, by design) |");
            text.AppendLine("|---|---|---|---|---|---|---|");
            text.AppendLine(inv, $"| {s.PendingAtKill} of {s.Hosts} | {s.PortalStartSeconds:F1} s | {s.ReconnectedSeconds:F1} s ({s.Reconnected}/{s.Hosts}) | {s.RecoveredSeconds:F1} s | {s.Lost} | {s.Duplicated} | {s.Redelivered} |");
            text.AppendLine();
            text.AppendLine("Times are from the kill. The portal listening again: its own \"Now listening\" line (a connection of the benchmark's own to the port waits behind every agent's). Lost: a deployment some host never received or never acknowledged, or never ran. Duplicated: a deployment a host rebuilt more than once.");
        }

        text.AppendLine();
        text.AppendLine("### Agent and dashboard");
        text.AppendLine();
        text.AppendLine(inv, $"- One real `fleetportal-agent run --simulate` process, connected and idle: {(p.AgentIdleRssBytes is { } rss ? Mb(rss) : "not measured")} RSS.");
        text.AppendLine(inv, $"- Hosts page (`/`, the fleet overview's host grid), first page rendered in Chromium after navigation (median of 3, signed in): {(p.HostsPageFirstRenderMs is { } ms ? $"{ms:F0} ms" : "not measured")}.");
        if (p.HostsApi is { } h)
        {
            text.AppendLine(inv, $"- `GET /api/hosts?page=…&pageSize=25` over random pages: p50 {h.P50:F1} ms, p95 {h.P95:F1} ms, max {h.Max:F1} ms (n = {h.Count}).");
        }

        if (p.DashboardNote is { } note)
        {
            text.AppendLine(inv, $"- {note}");
        }
    }

    /// <summary>The fleet on two portal processes: each process's memory and CPU, the fan-out, and the ratio to one process when that ran too.</summary>
    private static void WriteScaleOut(StringBuilder text, ScaleOutResult s, ScenarioResult? single)
    {
        var inv = CultureInfo.InvariantCulture;
        var r = s.Fleet;
        text.AppendLine();
        text.AppendLine("## Two portal processes (PostgreSQL + Redis)");
        text.AppendLine();
        text.AppendLine("Two portal processes on their own ports share one fresh PostgreSQL database and one Redis server (the SignalR backplane and the fleet notifier), both from `tests/servers/start.sh` on this machine (PostgreSQL with fsync off). The first half of the simulated agents connects to A, the second half to B. Each rollout is called on A; each process sends to the agents connected to it (B hears of the rollout through Redis).");
        text.AppendLine();
        text.AppendLine(inv, $"Connected: {r.Connected}/{r.Hosts} in {r.ConnectSeconds:F1} s (200 connecting at a time, to both processes).");
        text.AppendLine();
        text.AppendLine("| process | agents | RSS idle | RSS connected | per agent | managed heap idle -> connected | per agent (managed) | CPU during the rounds | its own send loop |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var p in s.Processes)
        {
            text.AppendLine(inv, $"| {p.Name} | {p.Agents} | {Mb(p.Idle.RssBytes)} | {Mb(p.Connected.RssBytes)} | {p.RssBytesPerAgent / 1024:F1} KB | {Mb(p.ManagedBytesIdle)} -> {Mb(p.ManagedBytesConnected)} | {p.ManagedBytesPerAgent / 1024:F1} KB | {p.CpuMs / 1000:F1} s | {Median(p.SendLoopMs):F0} ms |");
        }

        text.AppendLine();
        text.AppendLine("| from the call: p50 / p99 / max | from the server's send: p50 / p99 / max | send loop (first send of either to last) | rollout call | last acknowledgement stored | every rebuild reported | lost | duplicated | fleet CPU |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        text.AppendLine(inv, $"| {Triple(r.FromCall)} | {Triple(r.FromServer)} | {Median(r.SendLoopMs):F0} ms | {Median(s.RolloutCallMs):F0} ms | {Median(s.LastAcknowledgementMs):F0} ms | {Median(s.AllFinishedSeconds):F1} s | {r.Lost} | {r.Duplicated} | {r.ClientCpuMs / 1000:F1} s |");
        text.AppendLine();
        text.AppendLine("Medians of the warm rounds, as above. Lost: a deployment some agent never received or that was never acknowledged; duplicated: one an agent received twice in a round or rebuilt twice.");
        if (single is null)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("The one process above keeps its fleet in SQLite, the two here in PostgreSQL: the ratios include the change of database.");
        text.AppendLine();
        text.AppendLine("| two processes / one process | p50 | p99 | max |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(inv, $"| from the call | {r.FromCall.P50 / single.FromCall.P50:F2} | {r.FromCall.P99 / single.FromCall.P99:F2} | {r.FromCall.Max / single.FromCall.Max:F2} |");
        text.AppendLine(inv, $"| from the server's send | {r.FromServer.P50 / single.FromServer.P50:F2} | {r.FromServer.P99 / single.FromServer.P99:F2} | {r.FromServer.Max / single.FromServer.Max:F2} |");
        text.AppendLine();
        text.AppendLine(inv, $"Server RSS per connected agent, both processes together: {r.BytesPerConnection / 1024:F1} KB (one process: {single.BytesPerConnection / 1024:F1} KB); server CPU during the rounds, both together: {r.ServerCpuMs / 1000:F1} s (one process: {single.ServerCpuMs / 1000:F1} s).");
    }

    /// <summary>The targets of the benchmark (issue 7) beside what this run measured; "n/a" where the run did not measure it.</summary>
    private static void WriteTargets(StringBuilder text, IReadOnlyList<ScenarioResult> results, PortalFindings? p)
    {
        var inv = CultureInfo.InvariantCulture;
        var fleet = results.FirstOrDefault(r => r.Name == "FleetPortal");
        var bare = results.FirstOrDefault(r => r.Name.StartsWith("bare", StringComparison.Ordinal));
        var mqtt = results.FirstOrDefault(r => r.Name.StartsWith("mosquitto", StringComparison.Ordinal));
        text.AppendLine();
        text.AppendLine("## Against the targets");
        text.AppendLine();
        text.AppendLine("| target | measured | met? |");
        text.AppendLine("|---|---|---|");
        void Row(string target, string measured, bool? met) =>
            text.AppendLine(inv, $"| {target} | {measured} | {(met is null ? "n/a" : met.Value ? "yes" : "**no**")} |");

        Row("all connected", fleet is null ? "n/a" : $"{fleet.Connected}/{fleet.Hosts}", fleet is null ? null : fleet.Connected == fleet.Hosts);
        Row("fan-out p99 <= 1.25 x bare SignalR's",
            fleet is null || bare is null ? "n/a" : $"{fleet.FromCall.P99:F0} ms vs {bare.FromCall.P99:F0} ms ({fleet.FromCall.P99 / bare.FromCall.P99:F2} x)",
            fleet is null || bare is null ? null : fleet.FromCall.P99 <= 1.25 * bare.FromCall.P99);
        Row("fan-out p99 below mosquitto's",
            fleet is null || mqtt is null ? "n/a" : $"{fleet.FromCall.P99:F0} ms vs {mqtt.FromCall.P99:F0} ms",
            fleet is null || mqtt is null ? null : fleet.FromCall.P99 < mqtt.FromCall.P99);
        Row("last agent <= 1 s after the call", fleet is null ? "n/a" : $"{fleet.FromCall.Max:F0} ms", fleet is null ? null : fleet.FromCall.Max <= 1000);
        // What one more idle agent costs is the second half's figure, per agent added; the figure
        // from the enrolled fleet (none connected) also holds what the portal spends once on its
        // first connections, and the one from the portal just started also what 10,000 hosts in
        // the database cost. All three are shown; the first is judged, or the next one measured.
        var perAgent = fleet is null || p is null ? double.NaN : p.RssBytesPerAgent(fleet);
        var judged = fleet is null ? double.NaN
            : !double.IsNaN(fleet.MarginalBytesPerConnection) ? fleet.MarginalBytesPerConnection
            : !double.IsNaN(perAgent) ? perAgent
            : fleet.BytesPerConnection;
        var measured = fleet is null ? "n/a" : string.Join("; ", new[]
        {
            double.IsNaN(fleet.MarginalBytesPerConnection) ? null : $"second half: {fleet.MarginalBytesPerConnection / 1024:F1} KB RSS, {fleet.MarginalManagedBytesPerConnection / 1024:F1} KB managed",
            double.IsNaN(perAgent) ? null : $"from the enrolled fleet: {perAgent / 1024:F1} KB RSS, {p!.ManagedBytesPerAgent(fleet) / 1024:F1} KB managed",
            $"from the portal just started: {fleet.BytesPerConnection / 1024:F1} KB RSS",
        }.OfType<string>());
        Row("server memory per idle agent <= 20 KB", measured, fleet is null ? null : judged <= 20 * 1024);
        Row("reconnect storm <= 60 s, 0 lost, 0 duplicated",
            p?.Storm is { } s ? $"{s.RecoveredSeconds:F1} s, {s.Lost} lost, {s.Duplicated} duplicated" : "n/a",
            p?.Storm is { } t ? t.RecoveredSeconds <= 60 && t.Lost == 0 && t.Duplicated == 0 : null);
        Row("idle agent RSS <= 30 MB", p?.AgentIdleRssBytes is { } rss ? Mb(rss) : "n/a", p?.AgentIdleRssBytes is { } r ? r <= 30L * 1024 * 1024 : null);
        var approval = p is null ? double.NaN : PortalFindings.Median(p.ApprovalToAgentMs);
        Row("approval to agent, one host, < 200 ms", double.IsNaN(approval) ? "n/a" : $"{approval:F0} ms", double.IsNaN(approval) ? null : approval < 200);
        Row("hosts page first render <= 1 s", p?.HostsPageFirstRenderMs is { } ms ? $"{ms:F0} ms" : "n/a", p?.HostsPageFirstRenderMs is { } m ? m <= 1000 : null);
    }

    private static string Triple(Latencies l) => string.Create(CultureInfo.InvariantCulture, $"{l.P50:F1} / {l.P99:F1} / {l.Max:F1} ms");

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MB");

    private static double Median(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);
}
