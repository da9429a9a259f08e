using System.Threading.Channels;
using FleetPortal.Core.Protocol;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>A hub connection as an agent makes it, recording what the portal sends.</summary>
public sealed class TestAgentConnection : IAsyncDisposable
{
    private TestAgentConnection(HubConnection connection)
    {
        Connection = connection;
        connection.On<RebuildRequest>(nameof(IAgentClient.RebuildRequested), request => Requests.Writer.TryWrite(request));
        connection.On<DeploymentWithdrawal>(nameof(IAgentClient.DeploymentWithdrawn), withdrawal => Withdrawals.Writer.TryWrite(withdrawal));
        connection.Closed += error =>
        {
            Closed.TrySetResult(error);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    public Channel<RebuildRequest> Requests { get; } = Channel.CreateUnbounded<RebuildRequest>();

    public Channel<DeploymentWithdrawal> Withdrawals { get; } = Channel.CreateUnbounded<DeploymentWithdrawal>();

    public TaskCompletionSource<Exception?> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static MachineState SomeState => new(1, 1, "24.05.20240101.abcdef (Uakari)", false, [1]);

    public static async Task<TestAgentConnection> ConnectAsync(Uri portal, string token, bool hello = true, HttpTransportType transport = HttpTransportType.WebSockets, bool tokenInQuery = false)
    {
        var url = new Uri(portal, AgentProtocol.HubPath + (tokenInQuery ? "?access_token=" + Uri.EscapeDataString(token) : ""));
        var connection = new HubConnectionBuilder()
            .WithUrl(url, transport, options =>
            {
                if (!tokenInQuery)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .AddJsonProtocol(json => AgentProtocol.ConfigureJson(json.PayloadSerializerOptions))
            .Build();
        var agent = new TestAgentConnection(connection);
        await connection.StartAsync();
        if (hello)
        {
            await agent.HelloAsync();
        }

        return agent;
    }

    public Task<AgentWelcome> HelloAsync(int protocolVersion = AgentProtocol.Version) =>
        Connection.InvokeAsync<AgentWelcome>(nameof(IAgentHub.Hello), new AgentHello(protocolVersion, "test", SomeState));

    public Task InvokeAsync(string method, object argument) => Connection.InvokeAsync(method, argument);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
