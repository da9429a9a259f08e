using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

namespace FleetPortal.Bench;

/// <summary>Baseline (a): mosquitto with one MQTT subscriber per host (a topic each, QoS 1) and one publish per host.</summary>
public sealed class MosquittoScenario(int port, int rounds)
{
    public async Task<ScenarioResult> RunAsync(int hosts)
    {
        var folder = Directory.CreateTempSubdirectory("fleetportal-bench-mqtt-").FullName;
        var config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"listener {port} 127.0.0.1\nallow_anonymous true\nmax_connections -1\npersistence false\nlog_type error\n");
        using var broker = await ChildProcess.StartAsync("mosquitto", ["-c", config], port);
        var idle = broker.Metrics();

        var factory = new MqttClientFactory();
        var subscribers = new IMqttClient?[hosts];
        FanOutRound? round = null;
        HalfConnected? half = null;
        var connectTimer = Stopwatch.StartNew();
        var connected = await Connections.OpenInTwoHalvesAsync(hosts, async host =>
        {
            var client = factory.CreateMqttClient();
            client.ApplicationMessageReceivedAsync += e =>
            {
                var payload = e.ApplicationMessage.Payload.ToArray();
                round?.Receive(BinaryPrimitives.ReadInt32LittleEndian(payload), BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(4)));
                return Task.CompletedTask;
            };
            await client.ConnectAsync(Options(factory, $"host-{host}"));
            await client.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter(Topic(host), MqttQualityOfServiceLevel.AtLeastOnce).Build());
            subscribers[host] = client;
        }, first =>
        {
            half = new HalfConnected(first, broker.Metrics(), null);
            return Task.CompletedTask;
        });
        var connectSeconds = connectTimer.Elapsed.TotalSeconds;
        var busy = broker.Metrics();

        using var publisher = factory.CreateMqttClient();
        await publisher.ConnectAsync(Options(factory, "fleetportal-bench-publisher"));
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        var fromCall = new List<Latencies>();
        var fromServer = new List<Latencies>();
        var fromFirstSend = new List<Latencies>();
        var sendLoops = new List<double>();
        var lost = 0;
        var duplicated = 0;
        for (var run = 0; run <= rounds; run++)
        {
            round = new FanOutRound(hosts);
            var pauses = FleetPauses.AfterFullCollection();
            round.Start();
            var loop = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, hosts).Select(host => publisher.PublishAsync(Message(host))));
            var sendLoopMs = loop.Elapsed.TotalMilliseconds;
            var complete = await round.WaitAsync(TimeSpan.FromSeconds(60));
            Console.WriteLine(pauses.Since("mosquitto", run));
            if (run == 0)
            {
                continue;
            }

            sendLoops.Add(sendLoopMs);
            fromCall.Add(round.FromCall());
            fromServer.Add(round.FromServerSend());
            fromFirstSend.Add(round.FromFirstSend());
            lost += complete ? 0 : connected - round.Received;
            duplicated += round.Duplicates;
        }

        var brokerCpu = broker.Metrics().CpuMilliseconds;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds - clientCpuBefore;
        foreach (var subscriber in subscribers.OfType<IMqttClient>())
        {
            subscriber.Dispose();
        }

        Directory.Delete(folder, recursive: true);
        return new ScenarioResult("mosquitto (MQTT QoS 1)", hosts, connected, connectSeconds, idle, busy, null, null,
            fromCall, fromServer, fromFirstSend, sendLoops, lost, duplicated, brokerCpu, clientCpu, half);
    }

    private static string Topic(int host) => $"fleet/host/{host}";

    private MqttClientOptions Options(MqttClientFactory factory, string clientId) =>
        factory.CreateClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithCleanSession().Build();

    // The publisher's timestamp stands in for the server's: mosquitto adds none of its own.
    private static MqttApplicationMessage Message(int host)
    {
        var payload = new byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(payload, host);
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(4), MonotonicClock.Now());
        return new MqttApplicationMessageBuilder().WithTopic(Topic(host)).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
    }
}
