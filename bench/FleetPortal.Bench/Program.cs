using FleetPortal.Bench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

var results = new List<ScenarioResult>();
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

var report = Report.Write(options, results);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
await File.WriteAllTextAsync(options.Output, report);
Console.WriteLine($"wrote {options.Output}");
return results.All(r => r.Connected == r.Hosts && r.Lost == 0 && r.Duplicated == 0) ? 0 : 1;
