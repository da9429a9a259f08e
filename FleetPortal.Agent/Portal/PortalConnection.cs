using System.Net;
using System.Net.WebSockets;
using System.Reflection;
using System.Text.Json;
using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.Enrolment;
using FleetPortal.Agent.Machine;
using FleetPortal.Agent.State;
using FleetPortal.Core.Protocol;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FleetPortal.Agent.Portal;

/// <summary>
/// Owns the hub connection: connects (the first time too), says hello with the machine's state,
/// and when the connection ends or cannot be made waits with capped, jittered backoff and tries
/// again, forever. SignalR's own reconnect is not used: it does not retry a failed first start.
/// It opens the WebSocket directly, and negotiates only once a WebSocket was refused.
/// </summary>
public sealed class PortalConnection(
    AgentOptions options,
    AgentStateStore store,
    MachineStateReader machine,
    PortalLink link,
    Enroller enroller,
    TimeProvider time,
    ILogger<PortalConnection> logger) : BackgroundService
{
    public static string AgentVersion => typeof(PortalConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    /// <summary>
    /// The hub protocol's JSON settings, one for the process. Every session builds its connection
    /// anew; with settings of its own, each built the messages' serialization metadata again by
    /// reflection, which was a tenth of what a simulated fleet did in a rollout, and again at every
    /// reconnect.
    /// </summary>
    private static readonly JsonSerializerOptions HubJson = NewHubJson();

    /// <summary>
    /// Whether to negotiate before connecting. A WebSocket opened directly is one request and one
    /// token check per connection instead of two, which is what a fleet reconnecting at once waits
    /// on. Once the portal or a proxy before it answered without opening one, every attempt
    /// negotiates: that offers the other transports, and names a refused token plainly.
    /// </summary>
    private bool negotiate;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var random = new Random();
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await SessionAsync(stoppingToken))
                {
                    attempt = 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (WebSocketException exception) when (!negotiate && exception.WebSocketErrorCode == WebSocketError.NotAWebSocket)
            {
                negotiate = true;
                logger.LogInformation("The portal at {ServerUrl} did not open a WebSocket ({Reason}); negotiating from now on", options.ServerUrl, exception.Message);
                continue;
            }
            catch (Exception exception)
            {
                link.LastError = Describe(exception);
                logger.LogWarning("Cannot reach the portal at {ServerUrl}: {Reason}", options.ServerUrl, link.LastError);
            }
            finally
            {
                link.Detach();
            }

            var delay = ReconnectBackoff.Delay(attempt++, options.ReconnectDelayMin, options.ReconnectDelayMax, random);
            logger.LogInformation("Connecting again in {Delay}", delay);
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static JsonSerializerOptions NewHubJson()
    {
        var json = new JsonHubProtocolOptions().PayloadSerializerOptions;
        AgentProtocol.ConfigureJson(json);
        return json;
    }

    /// <summary>One connection, from start to close; true when it got as far as a welcome.</summary>
    private async Task<bool> SessionAsync(CancellationToken stoppingToken)
    {
        var token = store.ReadToken();
        if (token is null && options.EnrollmentCodeFile is { } codeFile && File.Exists(codeFile))
        {
            await enroller.EnrolAsync(File.ReadAllText(codeFile).Trim(), stoppingToken);
            token = store.ReadToken();
        }

        if (token is null)
        {
            throw new InvalidOperationException($"This machine is not enrolled: no token in {store.TokenPath}. Run 'fleetportal-agent enroll --server URL --code CODE'.");
        }

        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(new Uri(options.ServerUrl!), AgentProtocol.HubPath), http =>
            {
                // Sent as a header on every transport (WebSockets included), never in the URL.
                http.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (!negotiate)
                {
                    http.SkipNegotiation = true;
                    http.Transports = HttpTransportType.WebSockets;
                }
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions = HubJson)
            .Build();
        hub.On<RebuildRequest>(nameof(IAgentClient.RebuildRequested), link.Receive);
        hub.On<DeploymentWithdrawal>(nameof(IAgentClient.DeploymentWithdrawn), withdrawal => link.Inbox.Writer.TryWrite(withdrawal));
        hub.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };

        await hub.StartAsync(stoppingToken);
        link.Attach(hub);
        var welcome = await hub.InvokeAsync<AgentWelcome>(nameof(IAgentHub.Hello), new AgentHello(AgentProtocol.Version, AgentVersion, machine.Read()), stoppingToken);
        store.Update(state => state with { HostId = welcome.HostId, HostName = welcome.HostName });
        link.Welcomed(welcome);
        logger.LogInformation("Connected to {ServerUrl} as {HostName}", options.ServerUrl, welcome.HostName);

        var error = await closed.Task.WaitAsync(stoppingToken);
        logger.LogWarning("The connection to the portal ended{Reason}", error is null ? "" : ": " + error.Message);
        return true;
    }

    private static string Describe(Exception exception) => exception switch
    {
        HttpRequestException { StatusCode: HttpStatusCode.Unauthorized } =>
            "the portal refused this machine's token (revoked, or the host was enrolled again). Enrol the machine again.",
        _ => exception.Message,
    };
}
