using System.Diagnostics;

namespace FleetPortal.Bench.Portal;

/// <summary>
/// FleetPortal scaled out: two real portal processes on their own ports sharing a fresh PostgreSQL
/// database and one Redis server (a channel prefix of the run's own), half the simulated fleet
/// connected to each, rollouts through the first process's <c>POST /api/rollouts</c>. Each
/// process delivers to its own agents: the second hears of the rollout through Redis.
/// </summary>
public sealed class ScaleOutScenario(string portalDll, string postgres, string redis, IReadOnlyList<int> ports, int rounds)
{
    public const string Name = "FleetPortal, two processes";

    public async Task<ScaleOutResult> RunAsync(int hosts)
    {
        using var workspace = await BenchWorkspace.CreateAsync();
        await using var database = await PostgresPortalDatabase.CreateAsync(postgres);
        var settings = new Dictionary<string, string>
        {
            ["FleetPortal__Database__Provider"] = "Postgres",
            ["ConnectionStrings__Fleet"] = database.ConnectionString,
            ["ConnectionStrings__Redis"] = redis,
            ["FleetPortal__Redis__ChannelPrefix"] = "fleetportal-bench-" + Guid.NewGuid().ToString("N")[..8],
        };
        var portals = ports.Select((port, i) => new PortalProcess(portalDll, port, workspace.NewFolder($"data-{i}"), workspace.ApiToken, settings)).ToList();
        var apis = portals.Select(p => new PortalApi(p.Address, workspace.ApiToken)).ToList();
        try
        {
            return await RunAsync(hosts, workspace, database, portals, apis);
        }
        finally
        {
            apis.ForEach(api => api.Dispose());
            portals.ForEach(portal => portal.Dispose());
        }
    }

    private async Task<ScaleOutResult> RunAsync(int hosts, BenchWorkspace workspace, PostgresPortalDatabase database, List<PortalProcess> portals, List<PortalApi> apis)
    {
        // All at once on the empty database, as a fleet of processes starts: one migrates and seeds, the others wait for its lock.
        await Task.WhenAll(portals.Select(p => p.StartAsync()));
        var idle = await Task.WhenAll(apis.Select(api => api.MemoryAsync()));
        var idleMetrics = portals.Select(p => p.Current.Metrics()).ToList();

        Console.WriteLine($"{Name}: provisioning {hosts} hosts");
        var familyId = await apis[0].CreateFamilyAsync("simulated-fleet");
        var names = Enumerable.Range(0, hosts).Select(i => $"sim-{i:D5}").ToList();
        var codes = await apis[0].CreateEnrolmentCodesAsync(names, familyId);

        await using var fleet = new SimulatedFleet(portals, names, workspace.Folder, workspace.Configuration);
        var enrolled = await fleet.EnrolAsync(codes);
        Console.WriteLine($"{Name}: {enrolled} enrolled; connecting");
        var connectTimer = Stopwatch.StartNew();
        var connected = await fleet.ConnectAsync();
        var connectSeconds = connectTimer.Elapsed.TotalSeconds;
        var busy = await Task.WhenAll(apis.Select(api => api.MemoryAsync()));
        var busyMetrics = portals.Select(p => p.Current.Metrics()).ToList();
        var connectedTo = portals.Select((_, i) => fleet.Agents.Take(fleet.HostsOf(i)).Count(a => a.IsWelcomedSince(null))).ToList();
        Console.WriteLine($"{Name}: {connected} connected in {connectSeconds:F1} s ({string.Join(" + ", connectedTo)})");

        var rolled = await fleet.RollOutAsync(apis[0], database, familyId, rounds, connected, Name);
        var processes = portals.Select((_, i) => new PortalProcessFigures(
            $"{(char)('A' + i)} (port {portals[i].Address.Port})", connectedTo[i], idleMetrics[i], busyMetrics[i],
            idle[i].ManagedBytes, busy[i].ManagedBytes, rolled.PortalCpuMs[i], rolled.SendLoopMsByPortal[i])).ToList();
        var result = new ScenarioResult(Name, hosts, connected, connectSeconds, Sum(idleMetrics), Sum(busyMetrics),
            idle.Sum(m => m.ManagedBytes), busy.Sum(m => m.ManagedBytes), rolled.FromCall, rolled.FromServer, rolled.FromFirstSend, rolled.SendLoopMs,
            rolled.Lost, rolled.Duplicated, rolled.PortalCpuMs.Sum(), rolled.FleetCpuMs);
        return new ScaleOutResult(result, processes, rolled.CallMs, rolled.LastAcknowledgementMs, rolled.FinishedSeconds);
    }

    private static ProcessMetrics Sum(IReadOnlyList<ProcessMetrics> metrics) =>
        new(metrics.Sum(m => m.RssBytes), metrics.Sum(m => m.CpuMilliseconds));
}
