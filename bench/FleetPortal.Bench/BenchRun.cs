using FleetPortal.Bench.Portal;

namespace FleetPortal.Bench;

/// <summary>One run of the benchmark: each scenario asked for, one after the other, then the report.</summary>
public static class BenchRun
{
    public static async Task<BenchOutcome> RunAsync(BenchOptions options)
    {
        var results = new List<ScenarioResult>();
        PortalFindings? findings = null;
        ScaleOutResult? scaleOut = null;
        var failures = new List<string>();
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
                failures.Add($"The FleetPortal scenario failed: {exception.GetType().Name}: {exception.Message}");
            }
        }

        if (options.Scenarios.Contains("scaleout"))
        {
            Console.WriteLine($"{ScaleOutScenario.Name}: {options.Hosts} hosts");
            try
            {
                scaleOut = await new ScaleOutScenario(options.PortalDll!, options.Postgres!, options.Redis!, FreePorts(2), options.Rounds).RunAsync(options.Hosts);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"{ScaleOutScenario.Name} scenario failed: {exception}");
                failures.Add($"The two-process scenario failed: {exception.GetType().Name}: {exception.Message}");
            }
        }

        foreach (var result in scaleOut is null ? results : [.. results, scaleOut.Fleet])
        {
            Console.WriteLine($"{result.Name}: connected {result.Connected}/{result.Hosts} in {result.ConnectSeconds:F1} s; fan-out {result.FromCall}; lost {result.Lost}, duplicated {result.Duplicated}");
        }

        var report = Report.Write(options, results, findings, scaleOut);
        var failure = failures.Count == 0 ? null : string.Join(Environment.NewLine + Environment.NewLine, failures);
        if (failure is not null)
        {
            report += Environment.NewLine + "## Failure" + Environment.NewLine + Environment.NewLine + failure + Environment.NewLine;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
        await File.WriteAllTextAsync(options.Output, report);
        Console.WriteLine($"wrote {options.Output}");
        return new BenchOutcome(results, findings, scaleOut, failure);
    }

    /// <summary>A loopback port nothing listens on now, so runs beside other services do not collide.</summary>
    private static int FreePort() => FreePorts(1)[0];

    /// <summary>Loopback ports nothing listens on now, all different: each is held until all are found.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return listeners.Select(listener => ((System.Net.IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }
}
