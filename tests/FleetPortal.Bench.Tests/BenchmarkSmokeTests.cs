using System.Reflection;
using FleetPortal.Bench.Portal;
using FleetPortal.EndToEnd.Tests.Infrastructure;
using FleetPortal.Web.Tests.Infrastructure;

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
        var options = Options(["fleetportal", "bare"]);

        var outcome = await BenchRun.RunAsync(options);

        var portal = Assert.Single(outcome.Results, r => r.Name == "FleetPortal");
        Assert.Equal((Hosts, 0, 0), (portal.Connected, portal.Lost, portal.Duplicated));
        Assert.All(portal.FromCallRuns, run => Assert.Equal(Hosts, run.Count));
        // Memory was also read with half the fleet connected, for both servers: what the second half adds is counted per agent.
        Assert.All(outcome.Results, r => Assert.Equal(Hosts / 2, r.Half?.Connected));
        Assert.False(double.IsNaN(portal.MarginalManagedBytesPerConnection));
        var storm = Assert.IsType<StormResult>(outcome.Portal?.Storm);
        Assert.Equal((Hosts, Hosts, 0, 0), (storm.Hosts, storm.Reconnected, storm.Lost, storm.Duplicated));
        Assert.InRange(storm.PortalStartSeconds, 0, storm.ReconnectedSeconds);
        Assert.True(outcome.IsCorrect);
        var report = await File.ReadAllTextAsync(output);
        Assert.Contains($"| FleetPortal | {Hosts}/{Hosts} |", report, StringComparison.Ordinal);
        Assert.Contains("### Reconnect storm", report, StringComparison.Ordinal);
        // Each approval reached its host's agent (the measurement waits for it, or the run fails).
        Assert.Equal(5, outcome.Portal!.ApprovalToAgentMs.Count);
        // The portal's log of every counted rollout was read: its wording and the benchmark's agree.
        Assert.Equal(portal.FromCallRuns.Count, outcome.Portal.RolloutsLogged?.Count);
        Assert.Contains("- The rollout as the portal logs it, median:", report, StringComparison.Ordinal);
        Assert.Equal((portal.FromCallRuns.Count, 0), (outcome.Portal.RolloutProgressMs?.Count, outcome.Portal.RolloutProgressDisagreed));
        Assert.Contains($"it agreed with the database in {portal.FromCallRuns.Count} of {portal.FromCallRuns.Count} rounds", report, StringComparison.Ordinal);
        Assert.Contains("## Against the targets", report, StringComparison.Ordinal);
    }

    [ServersFact]
    public async Task Benchmark_OnTwoPortalProcesses_WithTwoHundredHosts_ConnectsHalfToEachAndDeliversEveryDeploymentOnce()
    {
        var options = Options(["scaleout"]) with { Postgres = TestServers.Postgres, Redis = TestServers.Redis };

        var outcome = await BenchRun.RunAsync(options);

        Assert.Null(outcome.Failure);
        var scaleOut = Assert.IsType<ScaleOutResult>(outcome.ScaleOut);
        Assert.Equal([Hosts / 2, Hosts / 2], scaleOut.Processes.Select(p => p.Agents));
        // Lost counts a deployment not received or not acknowledged; duplicated one received twice or rebuilt twice.
        Assert.Equal((Hosts, 0, 0), (scaleOut.Fleet.Connected, scaleOut.Fleet.Lost, scaleOut.Fleet.Duplicated));
        Assert.All(scaleOut.Fleet.FromCallRuns, run => Assert.Equal(Hosts, run.Count));
        // Every rebuild reported its result (the round records no time when one did not).
        Assert.All(scaleOut.AllFinishedSeconds, seconds => Assert.False(double.IsNaN(seconds)));
        Assert.True(outcome.IsCorrect);
        var report = await File.ReadAllTextAsync(output);
        Assert.Contains("## Two portal processes (PostgreSQL + Redis)", report, StringComparison.Ordinal);
        Assert.Contains($"Connected: {Hosts}/{Hosts}", report, StringComparison.Ordinal);
    }

    /// <summary>The built programs of this test's configuration, one warm round, no extras.</summary>
    private BenchOptions Options(HashSet<string> scenarios)
    {
        var root = RepositoryRoot();
        var configuration = typeof(BenchmarkSmokeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        string Built(string project, string dll) => Path.Combine(root, project, "bin", configuration, "net10.0", dll);
        return new BenchOptions(
            Hosts,
            output,
            Built("bench/FleetPortal.Bench.BareHub", "FleetPortal.Bench.BareHub.dll"),
            Rounds: 1,
            Scenarios: scenarios,
            PortalDll: Built("FleetPortal.Web", "fleetportal.dll"),
            AgentDll: Built("FleetPortal.Agent", "fleetportal-agent.dll"),
            Extras: false);
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
