using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace FleetPortal.Bench;

/// <summary>Baseline (b): a bare SignalR hub in bench/, no database, a group per host, the same .NET clients.</summary>
public sealed class BareSignalRScenario(string barehubDll, int port, int rounds)
{
    public async Task<ScenarioResult> RunAsync(int hosts)
    {
        using var server = await ChildProcess.StartAsync("dotnet", [barehubDll, "--urls", $"http://127.0.0.1:{port}"], port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var idle = await MemoryAsync(http);
        var idleMetrics = server.Metrics();

        var connections = new HubConnection?[hosts];
        FanOutRound? round = null;
        HalfConnected? half = null;
        var connectTimer = Stopwatch.StartNew();
        var connected = await Connections.OpenInTwoHalvesAsync(hosts, async host =>
        {
            var connection = new HubConnectionBuilder()
                .WithUrl($"http://127.0.0.1:{port}/hub?host={host}", options =>
                {
                    options.Transports = HttpTransportType.WebSockets;
                    options.SkipNegotiation = true;
                })
                .Build();
            connection.On<int, long>("RebuildRequested", (id, sentAt) => round?.Receive(id, sentAt));
            await connection.StartAsync();
            connections[host] = connection;
        }, async first =>
        {
            // The measurement's full collection is not part of the time to connect.
            connectTimer.Stop();
            var managed = (await MemoryAsync(http))?.ManagedBytes;
            half = new HalfConnected(first, server.Metrics(), managed);
            connectTimer.Start();
        });
        var connectSeconds = connectTimer.Elapsed.TotalSeconds;
        var busy = await MemoryAsync(http);
        var busyMetrics = server.Metrics();
        Console.WriteLine(MemoryLine.Of("bare SignalR", connected, idleMetrics.RssBytes, busyMetrics.RssBytes, idle?.ManagedBytes, busy?.ManagedBytes));
        Console.WriteLine(MemoryLine.OverTheSecondHalf("bare SignalR", half, connected, busyMetrics.RssBytes, busy?.ManagedBytes));
        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_HOLD_SECONDS"), out var hold) && hold > 0)
        {
            // As for FleetPortal: the connected clients stay idle a while, for a profiler to compare the two servers.
            Console.WriteLine($"bare SignalR: holding the idle clients for {hold} s (server pid {server.Pid})");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }

        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

        var fromCall = new List<Latencies>();
        var fromServer = new List<Latencies>();
        var fromFirstSend = new List<Latencies>();
        var sendLoops = new List<double>();
        var lost = 0;
        var duplicated = 0;

        // The first round warms the JIT on both sides and is not counted.
        for (var run = 0; run <= rounds; run++)
        {
            round = new FanOutRound(hosts);
            var pauses = FleetPauses.AfterFullCollection();
            round.Start();
            var response = await http.PostAsync($"/fanout?hosts={hosts}", null);
            var loop = await response.Content.ReadFromJsonAsync<SendLoop>();
            var complete = await round.WaitAsync(TimeSpan.FromSeconds(60));
            Console.WriteLine(pauses.Since("bare SignalR", run));
            if (run == 0)
            {
                continue;
            }

            sendLoops.Add(loop?.SendLoopMs ?? double.NaN);
            fromCall.Add(round.FromCall());
            fromServer.Add(round.FromServerSend());
            fromFirstSend.Add(round.FromFirstSend());
            lost += complete ? 0 : connected - round.Received;
            duplicated += round.Duplicates;
        }

        var serverCpu = server.Metrics().CpuMilliseconds;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds - clientCpuBefore;
        await Task.WhenAll(connections.OfType<HubConnection>().Select(c => c.DisposeAsync().AsTask()));
        return new ScenarioResult("bare SignalR", hosts, connected, connectSeconds, idleMetrics, busyMetrics,
            idle?.ManagedBytes, busy?.ManagedBytes, fromCall, fromServer, fromFirstSend, sendLoops, lost, duplicated, serverCpu, clientCpu, half);
    }

    private static Task<ServerMemory?> MemoryAsync(HttpClient http) => http.GetFromJsonAsync<ServerMemory>("/memory");

    private sealed record SendLoop(double SendLoopMs);

    private sealed record ServerMemory(long RssBytes, long ManagedBytes, double CpuMs);
}
