using System.Collections.Concurrent;
using System.Net.Sockets;
using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.Deployments;
using FleetPortal.Agent.Machine;
using FleetPortal.Agent.Portal;
using FleetPortal.Agent.State;
using FleetPortal.Core.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FleetPortal.Agent.Local;

/// <summary>
/// The daemon's Unix socket, for the people at the machine: <c>status</c>, <c>request</c>, and the
/// <c>prompt</c> processes of graphical sessions, which it asks "upgrade now or later?". The
/// kernel's peer credentials say which local user is on each connection.
/// </summary>
public sealed class LocalSocketServer(
    AgentOptions options,
    AgentStateStore store,
    MachineStateReader machine,
    PortalLink link,
    DeskRequestReader deskRequests,
    HeldDeployment held,
    ILogger<LocalSocketServer> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, Listener> listeners = new();
    private readonly ConcurrentDictionary<Guid, (LocalMessage Question, TaskCompletionSource<(string Choice, string User)> Answer)> questions = new();

    public int ListenerCount => listeners.Count;

    /// <summary>Asks every listening prompt; the first valid answer wins. Null when nobody answered in time.</summary>
    public async Task<(string Choice, string User)?> AskAsync(LocalMessage question, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = question.DeploymentId!.Value;
        var answer = new TaskCompletionSource<(string, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
        questions[id] = (question, answer);
        try
        {
            await BroadcastAsync(question);
            return await answer.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            questions.TryRemove(id, out _);
            await BroadcastAsync(new LocalMessage("withdraw") { DeploymentId = id });
        }
    }

    /// <summary>Tells every listening prompt something, such as "installing now: the deadline passed".</summary>
    public Task NoticeAsync(string text) => BroadcastAsync(new LocalMessage("notice") { Text = text });

    public AgentStatus Status()
    {
        var state = store.Load();
        var machineState = machine.Read();
        var waiting = held.Waiting;
        return new AgentStatus(
            options.ServerUrl,
            link.IsConnected,
            state.HostName,
            link.LastError,
            machineState.CurrentGeneration,
            machineState.BootedGeneration,
            machineState.NixosVersion,
            machineState.RebootNeeded,
            state.Pending?.Request.Summary,
            state.Pending?.Request.DeploymentId,
            state.Pending?.DeferredUntil,
            state.Pending?.Request.Prompt.Deadline,
            state.Running?.DeploymentId,
            ListenerCount,
            WaitingSummary: waiting?.Request.Summary,
            WaitingDeploymentId: waiting?.Request.DeploymentId,
            WaitingTurnAt: waiting?.TurnAt);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = options.SocketPath;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        using var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(path));

        // Every local user may talk to the agent: the peer credentials, not the file mode, say who.
        File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
        server.Listen(16);
        logger.LogInformation("Listening for local clients on {SocketPath}", path);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await server.AcceptAsync(stoppingToken);
                _ = Task.Run(() => ServeAsync(client, stoppingToken), stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stoppingToken)
    {
        var user = PeerCredentials.Of(socket)?.UserName() ?? Environment.UserName;
        var listenerId = Guid.NewGuid();
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        using var reader = new StreamReader(stream);
        var writer = new Listener(new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" });
        try
        {
            while (await reader.ReadLineAsync(stoppingToken) is { } line)
            {
                var message = LocalJson.Read(line);
                switch (message?.Type)
                {
                    case "status":
                        await writer.SendAsync(new LocalMessage("status") { Status = Status() with { Requests = await deskRequests.RecentAsync(stoppingToken) } });
                        break;
                    case "request":
                        await writer.SendAsync(await RequestAsync(message, user, stoppingToken));
                        break;
                    case "listen":
                        listeners[listenerId] = writer;
                        logger.LogInformation("A prompt of {User} is listening", user);
                        foreach (var (question, _) in questions.Values)
                        {
                            await writer.SendAsync(question);
                        }

                        break;
                    case "answer" when message.DeploymentId is { } id && questions.TryGetValue(id, out var open)
                                       && open.Question.Choices!.Contains(message.Choice ?? ""):
                        logger.LogInformation("{User} answered {Choice} for deployment {DeploymentId}", user, message.Choice, id);
                        open.Answer.TrySetResult((message.Choice!, user));
                        break;
                    case "answer":
                        break;
                    default:
                        await writer.SendAsync(new LocalMessage("error") { Text = "Unknown message; expected status, request, listen or answer." });
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            listeners.TryRemove(listenerId, out _);
        }
    }

    private async Task<LocalMessage> RequestAsync(LocalMessage message, string user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message.Package))
        {
            return new LocalMessage("error") { Text = "Name the package to ask for, such as 'vlc'." };
        }

        try
        {
            var receipt = await link.InvokeAsync<DeskRequestReceipt>(
                nameof(IAgentHub.RequestPackage), new DeskPackageRequest(message.Package.Trim(), message.Reason ?? "", user), cancellationToken);
            return new LocalMessage("requested") { Text = receipt.Message };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new LocalMessage("error") { Text = exception is Microsoft.AspNetCore.SignalR.HubException hub ? Clean(hub.Message) : exception.Message };
        }
    }

    /// <summary>The portal's reason without SignalR's prefix.</summary>
    private static string Clean(string message)
    {
        const string prefix = "HubException: ";
        var at = message.IndexOf(prefix, StringComparison.Ordinal);
        return at >= 0 ? message[(at + prefix.Length)..] : message;
    }

    private async Task BroadcastAsync(LocalMessage message)
    {
        foreach (var (id, listener) in listeners)
        {
            try
            {
                await listener.SendAsync(message);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
                listeners.TryRemove(id, out _);
            }
        }
    }

    private sealed class Listener(StreamWriter writer)
    {
        private readonly SemaphoreSlim gate = new(1, 1);

        public async Task SendAsync(LocalMessage message)
        {
            await gate.WaitAsync();
            try
            {
                await writer.WriteLineAsync(LocalJson.Write(message));
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
