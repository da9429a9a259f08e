using FleetPortal.Bench.Portal;

namespace FleetPortal.Bench;

/// <summary>One run of the benchmark: each scenario asked for, one after the other, then the report.</summary>
public static class BenchRun
{
    /// <summary>True when every system connected every host and lost and duplicated nothing.</summary>
    public static async Task<bool> RunAsync(BenchOptions options)
    {
        var results = new List<ScenarioResult>();
        PortalFindings? findings = null;
        if (options.Scenarios.Contains("fleetportal"))
        {
            Console.WriteLine($"FleetPortal: {options.Hosts} hosts");
            var (result, found) = await new FleetPortalScenario(options.PortalDll!, options.AgentDll!, 5093, options.Rounds).RunAsync(options.Hosts);
            results.Add(result);
            findings = found;
        }

        if (options.Scenarios.Contains("bare"))
        {
            Console.WriteLine($"bare SignalR: {options.Hosts} hosts");
            results.Add(await new BareSignalRScenario(options.BareHubDll, 5091, options.Rounds).RunAsync(options.Hosts));
        }

        if (options.Scenarios.Contains("mqtt"))
        {
            Console.WriteLine($"mosquitto: {options.Hosts} hosts");
            results.Add(await new MosquittoScenario(1893, options.Rounds).RunAsync(options.Hosts));
        }

        foreach (var result in results)
        {
            Console.WriteLine($"{result.Name}: connected {result.Connected}/{result.Hosts} in {result.ConnectSeconds:F1} s; fan-out {result.FromCall}; lost {result.Lost}, duplicated {result.Duplicated}");
        }

        var report = Report.Write(options, results, findings);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
        await File.WriteAllTextAsync(options.Output, report);
        Console.WriteLine($"wrote {options.Output}");
        return results.All(r => r.Connected == r.Hosts && r.Lost == 0 && r.Duplicated == 0)
            && findings?.Storm is null or { Lost: 0, Duplicated: 0 } && (findings?.Storm?.Reconnected ?? options.Hosts) == options.Hosts;
    }
}
