using System.Diagnostics;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Bench.Portal;

/// <summary>
/// The simulated machines of one run, in this process, spread over the portal processes in equal
/// slices (the first half of the hosts on the first of two, the second half on the second), and
/// the rollout rounds that measure the fan-out to all of them.
/// </summary>
public sealed class SimulatedFleet : IAsyncDisposable
{
    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(150);
    private readonly IReadOnlyList<PortalProcess> portals;
    private readonly HttpClient http;

    public SimulatedFleet(IReadOnlyList<PortalProcess> portals, IReadOnlyList<string> names, string work, string configurationDirectory)
    {
        this.portals = portals;

        // The whole simulated fleet's requests (enrolment, bundle downloads) share one pool, bounded
        // so this one process stays within its open files beside N WebSockets: unbounded, a
        // 10,000-host rollout opened thousands of download connections at once and ran it out.
        http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromMinutes(2) };
        Names = names;
        Agents = names
            .Select((name, i) => new SimulatedAgent(i, portals[PortalOf(i)].Address, Path.Combine(work, "agents", name), configurationDirectory, http, OnReceived))
            .ToArray();
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<SimulatedAgent> Agents { get; }

    /// <summary>The fan-out every receipt is recorded in; none between rounds.</summary>
    public FanOutRound? Round { get; set; }

    /// <summary>Completed by the first host's next rebuild request, for the approval measurement.</summary>
    public TaskCompletionSource<RebuildRequest>? FirstHostReceipt { get; set; }

    /// <summary>
    /// How long a round waits for every delivery and acknowledgement: a large fleet on portal
    /// processes that send one host at a time through Redis can take longer than a minute and a
    /// half, and a late delivery must not be counted as a lost one.
    /// </summary>
    public TimeSpan RoundTimeout => TimeSpan.FromMilliseconds(Math.Max(DeliveryTimeout.TotalMilliseconds, Names.Count * 20.0));

    /// <summary>The portal process a host's agent connects to.</summary>
    public int PortalOf(int host) => (int)((long)host * portals.Count / Names.Count);

    /// <summary>The hosts whose agents connect to <paramref name="portal"/>.</summary>
    public Range HostsOf(int portal) => new(Start(portal), Start(portal + 1));

    /// <summary>Each machine redeems its own code with the agent's own <c>Enroller</c>, at its own portal process, 16 at a time.</summary>
    public Task<int> EnrolAsync(IReadOnlyList<PortalApi.EnrolmentCode> codes) =>
        Connections.OpenAllAsync(Agents.Count, i => Agents[i].EnrolAsync(codes[i].Code, CancellationToken.None), parallel: 16);

    /// <summary>
    /// Starts every agent and waits until each is welcomed; how many were. Stops at once if a portal
    /// process dies. Given <paramref name="halfway"/>, in two halves with it between them (see
    /// <see cref="Connections.OpenInTwoHalvesAsync"/>).
    /// </summary>
    public async Task<int> ConnectAsync(Func<int, Task>? halfway = null)
    {
        var timer = Stopwatch.StartNew();
        async Task Connect(int i)
        {
            await Agents[i].StartAsync(CancellationToken.None);
            if (!await Waiting.UntilAsync(() => Agents[i].IsWelcomedSince(null) || AnyPortalExited(), TimeSpan.FromSeconds(120), everyMs: 5)
                || AnyPortalExited())
            {
                throw new TimeoutException($"{Names[i]} did not connect: {Agents[i].Link.LastError}");
            }
        }

        var connected = halfway is null
            ? await Connections.OpenAllAsync(Agents.Count, Connect)
            : await Connections.OpenInTwoHalvesAsync(Agents.Count, Connect, halfway);
        if (portals.FirstOrDefault(p => p.Current.HasExited) is { } exited)
        {
            var welcomed = Agents.Count(a => a.IsWelcomedSince(null));
            throw new InvalidOperationException(
                $"The portal process at {exited.Address} exited while {Agents.Count} agents were connecting ({welcomed} had been welcomed, {timer.Elapsed.TotalSeconds:F0} s in); its last words: {string.Join(" / ", exited.Current.Errors.TakeLast(3))}");
        }

        return connected;
    }

    /// <summary>
    /// One rollout to the whole family through <paramref name="api"/> (on the first portal
    /// process), then <paramref name="rounds"/> more that are counted: each waits until every
    /// agent has its rebuild request, every deployment is acknowledged and every rebuild has
    /// reported, so the next round starts on an idle fleet. <paramref name="scenario"/> names the
    /// rounds in the console.
    /// </summary>
    public async Task<RolloutRounds> RollOutAsync(PortalApi api, IPortalDatabase database, int familyId, int rounds, int connected, string scenario = "FleetPortal")
    {
        var hosts = Agents.Count;
        var fleetCpuBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        var portalCpuBefore = portals.Select(p => p.Current.Metrics().CpuMilliseconds).ToArray();
        var fromCall = new List<Latencies>();
        var fromServer = new List<Latencies>();
        var fromFirstSend = new List<Latencies>();
        var sendLoops = new List<double>();
        var sendLoopsByPortal = portals.Select(_ => new List<double>()).ToArray();
        var callMs = new List<double>();
        var lastAckMs = new List<double>();
        var finishedSeconds = new List<double>();
        var portalSays = new List<RolloutLogLine>();
        var progressMs = new List<double>();
        var progressDisagreed = 0;
        var lost = 0;
        var duplicated = 0;

        // The first round warms the JIT on both sides and is not counted.
        for (var run = 0; run <= rounds; run++)
        {
            var rebuildsBefore = Agents.Select(a => a.Rebuilds).ToArray();
            var current = new FanOutRound(hosts);
            Round = current;
            var startedAt = DateTimeOffset.UtcNow;
            var pauses = FleetPauses.AfterFullCollection();
            var portalCollections = await api.CollectionsAsync();
            current.Start();
            var call = Stopwatch.StartNew();
            var rollout = await api.RollOutAsync(familyId);
            var rolloutMs = call.Elapsed.TotalMilliseconds;
            var complete = await current.WaitAsync(RoundTimeout);
            Console.WriteLine(pauses.Since(scenario, run));
            Console.WriteLine($"{scenario} round {run}, the portal called, while the fleet received: {(await api.CollectionsAsync()).Since(portalCollections)}");
            var ids = rollout.Deployments.Select(d => d.Id).ToList();
            var acknowledged = await Waiting.UntilAsync(async () => (await database.ProgressAsync(ids)).Acknowledged == ids.Count, RoundTimeout);
            var progress = await database.ProgressAsync(ids);
            var finished = await Waiting.UntilAsync(async () => (await database.ProgressAsync(ids)).Finished == ids.Count, FinishTimeout, everyMs: 200);
            var finishedAfter = (DateTimeOffset.UtcNow - startedAt).TotalSeconds;

            var wholeRound = await api.CollectionsAsync();
            Console.WriteLine($"{scenario} round {run}, the portal called, until every rebuild was reported: {wholeRound.Since(portalCollections)}, {(wholeRound.AllocatedBytes - portalCollections.AllocatedBytes) / 1024.0 / hosts:F1} KB a host");

            // The portal's own account of the round, as a script that rolls out and waits reads it, against the
            // database's: read after the round's allocations are taken, so that they do not count it.
            var asked = Stopwatch.StartNew();
            var told = await api.RolloutProgressAsync(rollout.Id);
            var askedMs = asked.Elapsed.TotalMilliseconds;
            var stored = await database.ProgressAsync(ids);
            var agrees = told.Hosts == ids.Count && told.Succeeded + told.Failed == stored.Finished && told.Finished == (stored.Finished == ids.Count);
            Console.WriteLine($"{scenario} round {run}, GET /api/rollouts/{rollout.Id} in {askedMs:F0} ms: {told.Succeeded} succeeded and {told.Failed} failed of {told.Hosts}, finished: {told.Finished}{(agrees ? ", as the database says" : $"; the database says {stored.Finished} of {ids.Count} finished")}");
            var ranTwice = Agents.Count(a => a.Rebuilds - rebuildsBefore[a.Index] > 1);
            var lastAck = progress.LastAcknowledged is { } last ? (last - startedAt).TotalMilliseconds : double.NaN;
            Console.WriteLine($"{scenario} round {run}: {current.Received}/{hosts} received, {current.FromCall()}; from the first send {current.FromFirstSend()}; acknowledged {acknowledged} (the last {lastAck:F0} ms after the call), finished {finished} after {finishedAfter:F1} s");
            var says = portals[0].Output.LastOrDefault(line => line.Contains("Rollout to", StringComparison.Ordinal))?.Trim();
            Console.WriteLine($"{scenario} round {run}, the portal says: {says}");
            if (run == 0)
            {
                continue;
            }

            if (RolloutLogLine.Parse(says) is { } said)
            {
                portalSays.Add(said);
            }

            callMs.Add(rolloutMs);
            progressMs.Add(askedMs);
            progressDisagreed += agrees ? 0 : 1;
            sendLoops.Add(current.SendSpreadMilliseconds());
            for (var p = 0; p < portals.Count; p++)
            {
                sendLoopsByPortal[p].Add(current.SendSpreadMilliseconds(HostsOf(p)));
            }

            fromCall.Add(current.FromCall());
            fromServer.Add(current.FromServerSend());
            fromFirstSend.Add(current.FromFirstSend());
            lastAckMs.Add(lastAck);
            finishedSeconds.Add(finished ? finishedAfter : double.NaN);
            lost += complete && acknowledged ? 0 : Math.Max(connected - current.Received, ids.Count - progress.Acknowledged);
            duplicated += Math.Max(current.Duplicates, ranTwice);
        }

        Round = null;
        var portalCpu = portals.Select((p, i) => p.Current.Metrics().CpuMilliseconds - portalCpuBefore[i]).ToList();
        var fleetCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds - fleetCpuBefore;
        return new RolloutRounds(fromCall, fromServer, fromFirstSend, sendLoops, sendLoopsByPortal, callMs, lastAckMs, finishedSeconds, lost, duplicated, portalCpu, fleetCpu, portalSays, progressMs, progressDisagreed);
    }

    public async ValueTask DisposeAsync()
    {
        Round = null;
        await Task.WhenAll(Agents.Select(a => a.DisposeAsync().AsTask()));
        http.Dispose();
    }

    private int Start(int portal) => (int)(((long)portal * Names.Count + portals.Count - 1) / portals.Count);

    private bool AnyPortalExited() => portals.Any(p => p.Current.HasExited);

    private void OnReceived(int host, RebuildRequest request)
    {
        Round?.Receive(host, request.SentAtTimestamp ?? 0);
        if (host == 0)
        {
            FirstHostReceipt?.TrySetResult(request);
        }
    }
}
