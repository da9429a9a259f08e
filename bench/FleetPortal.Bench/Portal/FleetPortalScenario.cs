using System.Diagnostics;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Bench.Portal;

/// <summary>
/// FleetPortal itself: the real portal process, N hosts provisioned through the API and enrolled by
/// the agent's own code, N simulated agents in this process, rollouts through <c>POST /api/rollouts</c>,
/// a reconnect storm, one real agent process's footprint, and the dashboard with N hosts.
/// </summary>
public sealed class FleetPortalScenario(string portalDll, string agentDll, int port, int rounds, bool extras = true)
{
    public async Task<(ScenarioResult Result, PortalFindings Findings)> RunAsync(int hosts)
    {
        using var workspace = await BenchWorkspace.CreateAsync();
        using var portal = new PortalProcess(portalDll, port, workspace.NewFolder("data"), workspace.ApiToken);
        await portal.StartAsync();
        using var api = new PortalApi(portal.Address, workspace.ApiToken);
        var database = new SqlitePortalDatabase(portal.DatabasePath);
        var idle = await api.MemoryAsync();
        var idleMetrics = portal.Current.Metrics();

        // Provisioning: one call makes every enrolment code; each simulated machine redeems its own.
        Console.WriteLine($"FleetPortal: provisioning {hosts} hosts");
        var provisionTimer = Stopwatch.StartNew();
        var familyId = await api.CreateFamilyAsync("simulated-fleet");
        var names = Enumerable.Range(0, hosts).Select(i => $"sim-{i:D5}").ToList();
        var codes = await api.CreateEnrolmentCodesAsync(names, familyId);
        var provisionSeconds = provisionTimer.Elapsed.TotalSeconds;

        await using var fleet = new SimulatedFleet([portal], names, workspace.Folder, workspace.Configuration);
        var enrolTimer = Stopwatch.StartNew();
        var enrolled = await fleet.EnrolAsync(codes);
        var enrolSeconds = enrolTimer.Elapsed.TotalSeconds;
        Console.WriteLine($"FleetPortal: {enrolled} enrolled in {enrolSeconds:F1} s; connecting");

        // The same portal with every host enrolled and none connected: what follows is the connections' own.
        var enrolledManaged = (await api.MemoryAsync()).ManagedBytes;
        var enrolledIdle = new EnrolledIdle(portal.Current.Metrics(), enrolledManaged);

        HalfConnected? half = null;
        var connectTimer = Stopwatch.StartNew();
        var connected = await fleet.ConnectAsync(async first =>
        {
            // The measurement's full collection is not part of the time to connect.
            connectTimer.Stop();
            var managed = (await api.MemoryAsync()).ManagedBytes;
            half = new HalfConnected(first, portal.Current.Metrics(), managed);
            connectTimer.Start();
        });
        var connectSeconds = connectTimer.Elapsed.TotalSeconds;
        var busy = await api.MemoryAsync();
        var busyMetrics = portal.Current.Metrics();
        Console.WriteLine($"FleetPortal: {connected} connected in {connectSeconds:F1} s");
        Console.WriteLine(MemoryLine.Of("FleetPortal", connected, idleMetrics.RssBytes, busyMetrics.RssBytes, idle.ManagedBytes, busy.ManagedBytes));
        Console.WriteLine(MemoryLine.Of("FleetPortal from the enrolled fleet", connected, enrolledIdle.Metrics.RssBytes, busyMetrics.RssBytes, enrolledIdle.ManagedBytes, busy.ManagedBytes));
        Console.WriteLine(MemoryLine.OverTheSecondHalf("FleetPortal", half, connected, busyMetrics.RssBytes, busy.ManagedBytes));
        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_HOLD_SECONDS"), out var hold) && hold > 0)
        {
            // The connected fleet stays idle a while, for a profiler (dotnet-gcdump, dotnet-counters) to look at the portal.
            Console.WriteLine($"FleetPortal: holding the idle fleet for {hold} s (portal pid {portal.Current.Pid})");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }

        var rolled = await fleet.RollOutAsync(api, database, familyId, rounds, connected);
        var result = new ScenarioResult("FleetPortal", hosts, connected, connectSeconds, idleMetrics, busyMetrics,
            idle.ManagedBytes, busy.ManagedBytes, rolled.FromCall, rolled.FromServer, rolled.FromFirstSend, rolled.SendLoopMs, rolled.Lost, rolled.Duplicated,
            rolled.PortalCpuMs[0], rolled.FleetCpuMs, half);

        var approvals = await ApprovalToAgentAsync(fleet, api, database, names[0]);
        var storm = await StormAsync(fleet, portal, api, database, familyId);
        if (!extras)
        {
            return (result, new PortalFindings(provisionSeconds, enrolSeconds, rolled.CallMs, rolled.LastAcknowledgementMs, rolled.FinishedSeconds, approvals, storm, null, null, null, "Agent footprint and dashboard not measured in this run (--extras no).", enrolledIdle, rolled.PortalSays, rolled.ProgressMs, rolled.ProgressDisagreed));
        }

        var footprint = await AgentFootprint.MeasureAsync(agentDll, api, portal.Address, familyId, workspace.Folder);
        var dashboard = await Dashboard.MeasureAsync(portal, api);
        return (result, new PortalFindings(provisionSeconds, enrolSeconds, rolled.CallMs, rolled.LastAcknowledgementMs, rolled.FinishedSeconds, approvals, storm,
            footprint, dashboard.FirstRenderMs, dashboard.HostsApi, dashboard.Note, enrolledIdle, rolled.PortalSays, rolled.ProgressMs, rolled.ProgressDisagreed));
    }

    /// <summary>
    /// Kills the portal while a rollout is being delivered (a quarter of the fleet has it), starts
    /// it again, and waits until every agent is back and every deployment has reached its agent.
    /// </summary>
    private static async Task<StormResult> StormAsync(SimulatedFleet fleet, PortalProcess portal, PortalApi api, SqlitePortalDatabase database, int familyId)
    {
        var agents = fleet.Agents;
        var hosts = agents.Count;
        Console.WriteLine("FleetPortal: reconnect storm");
        var before = (await database.DeploymentIdsAsync()).ToHashSet();
        var welcomes = agents.Select(a => a.Link.Welcome).ToArray();
        var rebuildsBefore = agents.Select(a => a.Rebuilds).ToArray();
        var redeliveredBefore = agents.Sum(a => a.Redeliveries);
        var storm = new FanOutRound(hosts);
        fleet.Round = storm;
        storm.Start();
        var rollout = api.RollOutAsync(familyId);
        await Waiting.UntilAsync(() => storm.Received >= Math.Max(1, hosts / 4) || rollout.IsCompleted, SimulatedFleet.DeliveryTimeout, everyMs: 1);
        portal.Kill();
        var sinceKill = Stopwatch.StartNew();
        try
        {
            await rollout;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            // The portal died while answering: the rollout's deployments are in its database regardless.
        }

        var ids = (await database.DeploymentIdsAsync()).Where(id => !before.Contains(id)).ToList();
        var pendingAtKill = await database.UnacknowledgedAsync(ids);
        Console.WriteLine($"FleetPortal storm: the portal process starts again {sinceKill.Elapsed.TotalSeconds:F1} s after the kill");
        await portal.StartAsync();

        // The portal's own word: the benchmark's connect to the port waits behind the agents' flood.
        var startSeconds = (sinceKill.Elapsed - (portal.SaidListeningAt is long said ? Stopwatch.GetElapsedTime(said) : TimeSpan.Zero)).TotalSeconds;

        double reconnectedSeconds = double.NaN;
        double recoveredSeconds = double.NaN;
        var deadline = TimeSpan.FromSeconds(150);
        while (sinceKill.Elapsed < deadline)
        {
            var back = agents.Count(a => a.IsWelcomedSince(welcomes[a.Index]));
            if (double.IsNaN(reconnectedSeconds) && back == hosts)
            {
                reconnectedSeconds = sinceKill.Elapsed.TotalSeconds;
            }

            if (!double.IsNaN(reconnectedSeconds) && storm.Received == hosts && await database.UnacknowledgedAsync(ids) == 0)
            {
                recoveredSeconds = sinceKill.Elapsed.TotalSeconds;
                break;
            }

            await Task.Delay(20);
        }

        var reconnected = agents.Count(a => a.IsWelcomedSince(welcomes[a.Index]));

        // Why the ones not back are not: still waiting out their backoff, refused, or failing to connect.
        foreach (var reason in agents.Where(a => !a.IsWelcomedSince(welcomes[a.Index])).GroupBy(a => a.Link.LastError ?? "no error: waiting to connect again"))
        {
            Console.WriteLine($"FleetPortal storm: {reason.Count()} not back: {reason.Key}");
        }

        await Waiting.UntilAsync(async () => (await database.ProgressAsync(ids)).Finished == ids.Count, SimulatedFleet.FinishTimeout, everyMs: 200);
        var runs = agents.Select(a => a.Rebuilds - rebuildsBefore[a.Index]).ToArray();
        var unacknowledged = await database.UnacknowledgedAsync(ids);
        var lost = Math.Max(Math.Max(hosts - storm.Received, unacknowledged), Math.Max(runs.Count(r => r == 0), hosts - ids.Count));
        var duplicated = runs.Sum(r => Math.Max(0, r - 1));
        Console.WriteLine($"FleetPortal storm: {pendingAtKill} pending at the kill; {reconnected}/{hosts} back after {reconnectedSeconds:F1} s, all delivered after {recoveredSeconds:F1} s; lost {lost}, duplicated {duplicated}");
        return new StormResult(hosts, pendingAtKill, startSeconds, reconnectedSeconds, reconnected, recoveredSeconds, lost, duplicated,
            agents.Sum(a => a.Redeliveries) - redeliveredBefore);
    }

    /// <summary>
    /// One host, one change: from the approving call until the host's agent has the rebuild
    /// request, with the rest of the fleet connected and idle. A few times; each approval writes a
    /// revision and a deployment, as one from the portal's pages does.
    /// </summary>
    private static async Task<IReadOnlyList<double>> ApprovalToAgentAsync(SimulatedFleet fleet, PortalApi api, SqlitePortalDatabase database, string hostName)
    {
        fleet.Round = null;
        var times = new List<double>();
        var deployments = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var change = await api.ProposeAsync(hostName, $"benchPackage{i}");
            var receipt = new TaskCompletionSource<RebuildRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            fleet.FirstHostReceipt = receipt;
            var call = Stopwatch.StartNew();
            await api.ApproveAsync(change);
            var request = await receipt.Task.WaitAsync(SimulatedFleet.DeliveryTimeout);
            times.Add(call.Elapsed.TotalMilliseconds);
            fleet.FirstHostReceipt = null;
            deployments.Add(request.DeploymentId);
        }

        // The host's rebuilds end before the storm, which counts every host's rebuilds from its start.
        await Waiting.UntilAsync(async () => (await database.ProgressAsync(deployments)).Finished == deployments.Count, SimulatedFleet.FinishTimeout, everyMs: 100);

        Console.WriteLine($"FleetPortal: approval to agent, one host: {string.Join(", ", times.Select(t => $"{t:F0}"))} ms");
        return times;
    }
}
