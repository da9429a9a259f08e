using System.Reflection;

namespace FleetPortal.Bench.Tests;

/// <summary>
/// The benchmark once at a small fleet, as CI runs it: only correctness is checked (every agent
/// connected, every deployment delivered, nothing lost or duplicated, the report written), never
/// a timing.
/// </summary>
public sealed class BenchmarkSmokeTests : IDisposable
{
    private const int Hosts = 200;
    private readonly string output = Path.Combine(Path.GetTempPath(), $"fleetportal-bench-smoke-{Guid.NewGuid():N}.md");

    public void Dispose() => File.Delete(output);

    [Fact]
    public async Task Benchmark_WithTwoHundredHosts_ConnectsAllDeliversEverythingAndLosesNothingInTheStorm()
    {
        var root = RepositoryRoot();
        var configuration = typeof(BenchmarkSmokeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        string Built(string project, string dll) => Path.Combine(root, project, "bin", configuration, "net10.0", dll);
        var options = new BenchOptions(
            Hosts,
            output,
            Built("bench/FleetPortal.Bench.BareHub", "FleetPortal.Bench.BareHub.dll"),
            Rounds: 1,
            Scenarios: new HashSet<string> { "fleetportal", "bare" },
            PortalDll: Built("FleetPortal.Web", "fleetportal.dll"),
            AgentDll: Built("FleetPortal.Agent", "fleetportal-agent.dll"),
            Extras: false);

        var outcome = await BenchRun.RunAsync(options);

        var portal = Assert.Single(outcome.Results, r => r.Name == "FleetPortal");
        Assert.Equal((Hosts, 0, 0), (portal.Connected, portal.Lost, portal.Duplicated));
        Assert.All(portal.FromCallRuns, run => Assert.Equal(Hosts, run.Count));
        var storm = Assert.IsType<Portal.StormResult>(outcome.Portal?.Storm);
        Assert.Equal((Hosts, Hosts, 0, 0), (storm.Hosts, storm.Reconnected, storm.Lost, storm.Duplicated));
        Assert.True(outcome.IsCorrect);
        var report = await File.ReadAllTextAsync(output);
        Assert.Contains($"| FleetPortal | {Hosts}/{Hosts} |", report, StringComparison.Ordinal);
        Assert.Contains("### Reconnect storm", report, StringComparison.Ordinal);
        // Each approval reached its host's agent (the measurement waits for it, or the run fails).
        Assert.Equal(5, outcome.Portal!.ApprovalToAgentMs.Count);
        Assert.Contains("## Against the targets", report, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FleetPortal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The test runs outside the FleetPortal repository.");
    }
}
