using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Hubs;

/// <summary>The hub as docs/agent-protocol.md describes it, spoken over a bare WebSocket as an agent in another language would.</summary>
public sealed class AgentWireFormatTests : IDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task BareWebSocket_HandshakeHelloAndDelivery_MatchTheDocumentedJson()
    {
        var address = portal.StartOnLoopback();
        var (host, token) = await portal.EnrolledHostAsync("alice-laptop");
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await socket.ConnectAsync(new Uri($"ws://{address.Authority}{AgentProtocol.HubPath}"), CancellationToken.None);

        await SendAsync(socket, """{"protocol":"json","version":1}""");
        Assert.Equal("{}", (await ReceiveAsync(socket)).Single());
        await SendAsync(socket, """{"type":1,"invocationId":"0","target":"Hello","arguments":[{"protocolVersion":1,"agentVersion":"wire","state":{"currentGeneration":41,"bootedGeneration":41,"nixosVersion":"24.05","rebootNeeded":false,"generations":[40,41]}}]}""");
        using var welcome = JsonDocument.Parse((await ReceiveAsync(socket)).Single());
        Assert.Equal(3, welcome.RootElement.GetProperty("type").GetInt32());
        Assert.Equal("alice-laptop", welcome.RootElement.GetProperty("result").GetProperty("hostName").GetString());

        await portal.PolicyAsync(host.Id, Core.Deferrals.PromptMode.AskAlways);
        var deployment = await portal.ReloadAsync((await portal.ApproveAsync("alice-laptop", "vlc")).DeploymentId);
        using var request = JsonDocument.Parse(await NextInvocationAsync(socket, "RebuildRequested"));
        var argument = request.RootElement.GetProperty("arguments")[0];
        Assert.Equal(deployment.Id, argument.GetProperty("deploymentId").GetGuid());
        Assert.Equal("Switch", argument.GetProperty("action").GetString());
        Assert.Equal("vlc added", argument.GetProperty("summary").GetString());
        Assert.Equal("AskAlways", argument.GetProperty("prompt").GetProperty("mode").GetString());

        await SendAsync(socket, $$"""{"type":1,"invocationId":"1","target":"ReportDecision","arguments":[{"deploymentId":"{{deployment.Id}}","kind":"Deferred","deferredUntil":"{{DateTimeOffset.UtcNow.AddHours(1):O}}","decidedBy":"alice"}]}""");
        using var completion = JsonDocument.Parse(await NextCompletionAsync(socket, "1"));
        Assert.False(completion.RootElement.TryGetProperty("error", out _));
        Assert.Equal(Data.DeploymentStatus.Deferred, (await portal.ReloadAsync(deployment.Id)).Status);
    }

    private static Task SendAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<string> NextInvocationAsync(ClientWebSocket socket, string target)
    {
        while (true)
        {
            foreach (var message in await ReceiveAsync(socket))
            {
                if (message.Contains($"\"target\":\"{target}\"", StringComparison.Ordinal))
                {
                    return message;
                }
            }
        }
    }

    private static async Task<string> NextCompletionAsync(ClientWebSocket socket, string invocationId)
    {
        while (true)
        {
            foreach (var message in await ReceiveAsync(socket))
            {
                if (message.Contains("\"type\":3", StringComparison.Ordinal) && message.Contains($"\"invocationId\":\"{invocationId}\"", StringComparison.Ordinal))
                {
                    return message;
                }
            }
        }
    }

    /// <summary>The messages of the next frame(s), split at the record separator.</summary>
    private static async Task<IReadOnlyList<string>> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        do
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (result.EndOfMessage && text.ToString().EndsWith(RecordSeparator))
            {
                break;
            }
        }
        while (true);

        return text.ToString().Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries);
    }
}
