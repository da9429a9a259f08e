using FleetPortal.Bench.Portal;

namespace FleetPortal.Bench;

/// <summary>One run of the benchmark: each scenario asked for, one after the other, then the report.</summary>
public static class BenchRun
{
    public static async Task<BenchOutcome> RunAsync(BenchOptions options)
    {
        var results = new List<ScenarioResult>();
        PortalFindings? findings = null;
        string? failure = null;
        if (options.Scenarios.Contains("bare"))
        {
            Console.WriteLine($"bare SignalR: {options.Hosts} hosts");
            results.Add(await new BareSignalRScenario(options.BareHubDll, FreePort(), options.Rounds).RunAsync(options.Hosts));
        }

        if (options.Scenarios.Contains("mqtt"))
        {
            Console.WriteLine($"mosquitto: {options.Hosts} hosts");
            results.Add(await new MosquittoScenario(FreePort(), options.Rounds).RunAsync(options.Hosts));
        }

        // The baselines first: they are quick, and a long FleetPortal run cannot keep them from the report.
        if (options.Scenarios.Contains("fleetportal"))
        {
            Console.WriteLine($"FleetPortal: {options.Hosts} hosts");
            try
            {
                var (result, found) = await new FleetPortalScenario(options.PortalDll!, options.AgentDll!, FreePort(), options.Rounds, options.Extras).RunAsync(options.Hosts);
                results.Insert(0, result);
                findings = found;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The report still says what happened, beside the baselines.
                Console.Error.WriteLine($"FleetPortal scenario failed: {exception}");
                failure = $"The FleetPortal scenario failed: {exception.GetType().Name}: {exception.Message}";
            }
        }

        foreach (var result in results)
        {
            Console.WriteLine($"{result.Name}: connected {result.Connected}/{result.Hosts} in {result.ConnectSeconds:F1} s; fan-out {result.FromCall}; lost {result.Lost}, duplicated {result.Duplicated}");
        }

        var report = Report.Write(options, results, findings);
        if (failure is not null)
        {
            report += Environment.NewLine + "## Failure" + Environment.NewLine + Environment.NewLine + failure + Environment.NewLine;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
        await File.WriteAllTextAsync(options.Output, report);
        Console.WriteLine($"wrote {options.Output}");
        return new BenchOutcome(results, findings, failure);
    }

    /// <summary>A loopback port nothing listens on now, so runs beside other services do not collide.</summary>
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
