using System.Diagnostics;
using System.Security.Cryptography;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Bench.Portal;

/// <summary>
/// FleetPortal itself: the real portal process, N hosts provisioned through the API and enrolled by
/// the agent's own code, N simulated agents in this process, rollouts through <c>POST /api/rollouts</c>,
/// a reconnect storm, one real agent process's footprint, and the dashboard with N hosts.
/// </summary>
public sealed class FleetPortalScenario(string portalDll, string agentDll, int port, int rounds, bool extras = true)
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(150);
    private FanOutRound? round;
    private TaskCompletionSource<RebuildRequest>? firstHostReceipt;

    public async Task<(ScenarioResult Result, PortalFindings Findings)> RunAsync(int hosts)
    {
        // tmpfs where there is one: thousands of simulated machines write their state files with fsync.
        var scratchRoot = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var work = Directory.CreateDirectory(Path.Combine(scratchRoot, "fleetportal-bench-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            return await RunInAsync(work, hosts);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<(ScenarioResult, PortalFindings)> RunInAsync(string work, int hosts)
    {
        var token = "fpb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var configuration = Directory.CreateDirectory(Path.Combine(work, "configuration")).FullName;
        await File.WriteAllTextAsync(Path.Combine(configuration, "configuration.nix"), "{ ... }:\n{\n  networking.hostName = \"simulated\";\n}\n");
        using var portal = new PortalProcess(portalDll, port, Directory.CreateDirectory(Path.Combine(work, "data")).FullName, token);
        await portal.StartAsync();
        using var api = new PortalApi(portal.Address, token);
        var database = new PortalDatabase(portal.DatabasePath);
        var idle = await api.MemoryAsync();
        var idleMetrics = portal.Current.Metrics();

        // Provisioning: one call makes every enrolment code; each simulated machine redeems its own.
        Console.WriteLine($"FleetPortal: provisioning {hosts} hosts");
        var provisionTimer = Stopwatch.StartNew();
        var familyId = await api.CreateFamilyAsync("simulated-fleet");
        var names = Enumerable.Range(0, hosts).Select(i => $"sim-{i:D5}").ToList();
        var codes = await api.CreateEnrolmentCodesAsync(names, familyId);
        var provisionSeconds = provisionTimer.Elapsed.TotalSeconds;

        // The whole simulated fleet's requests (enrolment, bundle downloads) share one pool, bounded
        // so this one process stays within its open files beside N WebSockets: unbounded, a
        // 10,000-host rollout opened thousands of download connections at once and ran it out.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromMinutes(2) };
        var agents = new SimulatedAgent[hosts];
        for (var i = 0; i < hosts; i++)
        {
            agents[i] = new SimulatedAgent(i, portal.Address, Path.Combine(work, "agents", names[i]), configuration, http, OnReceived);
        }

        try
        {
            var enrolTimer = Stopwatch.StartNew();
            var enrolled = await Connections.OpenAllAsync(hosts, i => agents[i].EnrolAsync(codes[i].Code, CancellationToken.None), parallel: 16);
            var enrolSeconds = enrolTimer.Elapsed.TotalSeconds;
            Console.WriteLine($"FleetPortal: {enrolled} enrolled in {enrolSeconds:F1} s; connecting");

            var connectTimer = Stopwatch.StartNew();
            var connected = await Connections.OpenAllAsync(hosts, async i =>
            {
                await agents[i].StartAsync(CancellationToken.None);
                if (!await Waiting.UntilAsync(() => agents[i].IsWelcomedSince(null) || portal.Current.HasExited, TimeSpan.FromSeconds(120), everyMs: 5)
                    || portal.Current.HasExited)
                {
                    throw new TimeoutException($"{names[i]} did not connect: {agents[i].Link.LastError}");
                }
            });
            if (portal.Current.HasExited)
            {
                var welcomed = agents.Count(a => a.IsWelcomedSince(null));
                throw new InvalidOperationException(
                    $"The portal process exited while {hosts} agents were connecting ({welcomed} had been welcomed, {connectTimer.Elapsed.TotalSeconds:F0} s in); its last words: {string.Join(" / ", portal.Current.Errors.TakeLast(3))}");
            }
            var connectSeconds = connectTimer.Elapsed.TotalSeconds;
            var busy = await api.MemoryAsync();
            var busyMetrics = portal.Current.Metrics();
            Console.WriteLine($"FleetPortal: {connected} connected in {connectSeconds:F1} s");
            if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_HOLD_SECONDS"), out var hold) && hold > 0)
            {
                // The connected fleet stays idle a while, for a profiler (dotnet-gcdump, dotnet-counters) to look at the portal.
                Console.WriteLine($"FleetPortal: holding the idle fleet for {hold} s (portal pid {portal.Current.Pid})");
                await Task.Delay(TimeSpan.FromSeconds(hold));
            }

            var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
            var serverCpuBefore = portal.Current.Metrics().CpuMilliseconds;
            var fromCall = new List<Latencies>();
            var fromServer = new List<Latencies>();
            var sendLoops = new List<double>();
            var callMs = new List<double>();
            var lastAckMs = new List<double>();
            var finishedSeconds = new List<double>();
            var lost = 0;
            var duplicated = 0;

            // The first round warms the JIT on both sides and is not counted.
            for (var run = 0; run <= rounds; run++)
            {
                var current = new FanOutRound(hosts);
                round = current;
                var startedAt = DateTimeOffset.UtcNow;
                current.Start();
                var call = Stopwatch.StartNew();
                var rollout = await api.RollOutAsync(familyId);
                var rolloutMs = call.Elapsed.TotalMilliseconds;
                var complete = await current.WaitAsync(DeliveryTimeout);
                var ids = rollout.Deployments.Select(d => d.Id).ToList();
                var acknowledged = await Waiting.UntilAsync(async () => (await database.ProgressAsync(ids)).Acknowledged == ids.Count, DeliveryTimeout);
                var progress = await database.ProgressAsync(ids);
                var finished = await Waiting.UntilAsync(async () => (await database.ProgressAsync(ids)).Finished == ids.Count, FinishTimeout, everyMs: 200);
                var finishedAfter = (DateTimeOffset.UtcNow - startedAt).TotalSeconds;
                Console.WriteLine($"FleetPortal round {run}: {current.Received}/{hosts} received, {current.FromCall()}; acknowledged {acknowledged}, finished {finished} after {finishedAfter:F1} s");
                Console.WriteLine($"FleetPortal round {run}, the portal says: {portal.Output.LastOrDefault(line => line.Contains("Rollout to", StringComparison.Ordinal))?.Trim()}");
                if (run == 0)
                {
                    continue;
                }

                callMs.Add(rolloutMs);
                sendLoops.Add(current.SendSpreadMilliseconds());
                fromCall.Add(current.FromCall());
                fromServer.Add(current.FromServerSend());
                lastAckMs.Add(progress.LastAcknowledged is { } last ? (last - startedAt).TotalMilliseconds : double.NaN);
                finishedSeconds.Add(finished ? finishedAfter : double.NaN);
                lost += complete && acknowledged ? 0 : Math.Max(connected - current.Received, ids.Count - progress.Acknowledged);
                duplicated += current.Duplicates;
            }

            var serverCpu = portal.Current.Metrics().CpuMilliseconds - serverCpuBefore;
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds - clientCpuBefore;
            var result = new ScenarioResult("FleetPortal", hosts, connected, connectSeconds, idleMetrics, busyMetrics,
                idle.ManagedBytes, busy.ManagedBytes, fromCall, fromServer, sendLoops, lost, duplicated, serverCpu, clientCpu);

            var approvals = await ApprovalToAgentAsync(api, database, names[0]);
            var storm = await StormAsync(portal, api, database, agents, familyId);
            if (!extras)
            {
                return (result, new PortalFindings(provisionSeconds, enrolSeconds, callMs, lastAckMs, finishedSeconds, approvals, storm, null, null, null, "Agent footprint and dashboard not measured in this run (--extras no)."));
            }

            var footprint = await AgentFootprint.MeasureAsync(agentDll, api, portal.Address, familyId, work);
            var dashboard = await Dashboard.MeasureAsync(portal, api);
            return (result, new PortalFindings(provisionSeconds, enrolSeconds, callMs, lastAckMs, finishedSeconds, approvals, storm,
                footprint, dashboard.FirstRenderMs, dashboard.HostsApi, dashboard.Note));
        }
        finally
        {
            round = null;
            await Task.WhenAll(agents.Select(a => a.DisposeAsync().AsTask()));
        }
    }

    /// <summary>
    /// Kills the portal while a rollout is being delivered (a quarter of the fleet has it), starts
    /// it again, and waits until every agent is back and every deployment has reached its agent.
    /// </summary>
    private async Task<StormResult> StormAsync(PortalProcess portal, PortalApi api, PortalDatabase database, SimulatedAgent[] agents, int familyId)
    {
        var hosts = agents.Length;
        Console.WriteLine("FleetPortal: reconnect storm");
        var before = (await database.DeploymentIdsAsync()).ToHashSet();
        var welcomes = agents.Select(a => a.Link.Welcome).ToArray();
        var rebuildsBefore = agents.Select(a => a.Rebuilds).ToArray();
        var redeliveredBefore = agents.Sum(a => a.Redeliveries);
        var storm = new FanOutRound(hosts);
        round = storm;
        storm.Start();
        var rollout = api.RollOutAsync(familyId);
        await Waiting.UntilAsync(() => storm.Received >= Math.Max(1, hosts / 4) || rollout.IsCompleted, DeliveryTimeout, everyMs: 1);
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
        await portal.StartAsync();
        var startSeconds = sinceKill.Elapsed.TotalSeconds;

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

        await Waiting.UntilAsync(async () => (await database.ProgressAsync(ids)).Finished == ids.Count, FinishTimeout, everyMs: 200);
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
    private async Task<IReadOnlyList<double>> ApprovalToAgentAsync(PortalApi api, PortalDatabase database, string hostName)
    {
        round = null;
        var times = new List<double>();
        var deployments = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var change = await api.ProposeAsync(hostName, $"benchPackage{i}");
            var receipt = new TaskCompletionSource<RebuildRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            firstHostReceipt = receipt;
            var call = Stopwatch.StartNew();
            await api.ApproveAsync(change);
            var request = await receipt.Task.WaitAsync(DeliveryTimeout);
            times.Add(call.Elapsed.TotalMilliseconds);
            firstHostReceipt = null;
            deployments.Add(request.DeploymentId);
        }

        // The host's rebuilds end before the storm, which counts every host's rebuilds from its start.
        await Waiting.UntilAsync(async () => (await database.ProgressAsync(deployments)).Finished == deployments.Count, FinishTimeout, everyMs: 100);

        Console.WriteLine($"FleetPortal: approval to agent, one host: {string.Join(", ", times.Select(t => $"{t:F0}"))} ms");
        return times;
    }

    private void OnReceived(int host, RebuildRequest request)
    {
        round?.Receive(host, request.SentAtTimestamp ?? 0);
        if (host == 0)
        {
            firstHostReceipt?.TrySetResult(request);
        }
    }
}
