using System.Threading.Channels;
using FleetPortal.Core.Protocol;
using Microsoft.AspNetCore.SignalR.Client;

namespace FleetPortal.Agent.Portal;

/// <summary>
/// The current hub connection, if any, as the rest of the agent sees it: what the portal sent
/// arrives in <see cref="Inbox"/>; reports go out through <see cref="TryInvokeAsync"/> and <see cref="TrySendAsync"/>.
/// </summary>
public sealed class PortalLink
{
    private volatile HubConnection? connection;

    /// <summary>
    /// A <see cref="RebuildRequest"/>, a <see cref="DeploymentWithdrawal"/>, <see cref="Connected"/> after each hello,
    /// or the turn of a deployment held until then (<see cref="Deployments.HeldDeployment.Turn"/>).
    /// </summary>
    public Channel<object> Inbox { get; } = Channel.CreateUnbounded<object>();

    public bool IsConnected => connection?.State == HubConnectionState.Connected;

    public AgentWelcome? Welcome { get; private set; }

    public string? LastError { get; set; }

    /// <summary>Called as each deployment arrives, before the agent handles it (a fleet simulator times deliveries with it).</summary>
    public Action<RebuildRequest>? RebuildRequestObserver { get; set; }

    /// <summary>A deployment from the portal, for the inbox.</summary>
    public void Receive(RebuildRequest request)
    {
        RebuildRequestObserver?.Invoke(request);
        Inbox.Writer.TryWrite(request);
    }

    /// <summary>Reports can go out from here on: what the portal sends during the hello is acknowledged at once.</summary>
    public void Attach(HubConnection hub) => connection = hub;

    public void Welcomed(AgentWelcome welcome)
    {
        Welcome = welcome;
        LastError = null;
        Inbox.Writer.TryWrite(Connected.Instance);
    }

    public void Detach() => connection = null;

    /// <summary>Calls the portal if connected; false when not connected or the call failed.</summary>
    public Task<bool> TryInvokeAsync(string method, object argument, CancellationToken cancellationToken = default) =>
        TryAsync(hub => hub.InvokeAsync(method, argument, cancellationToken), cancellationToken);

    /// <summary>
    /// Tells the portal something it does not answer (a SignalR send, without an invocation id):
    /// completes once written to the connection; false when not connected or the write failed.
    /// </summary>
    public Task<bool> TrySendAsync(string method, object argument) =>
        TryAsync(hub => hub.SendAsync(method, argument), CancellationToken.None);

    private async Task<bool> TryAsync(Func<HubConnection, Task> call, CancellationToken cancellationToken)
    {
        if (connection is not { State: HubConnectionState.Connected } hub)
        {
            return false;
        }

        try
        {
            await call(hub);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LastError = exception.Message;
            return false;
        }
    }

    /// <summary>Calls the portal and returns its answer; throws when not connected or refused.</summary>
    public Task<T> InvokeAsync<T>(string method, object argument, CancellationToken cancellationToken = default) =>
        connection is { State: HubConnectionState.Connected } hub
            ? hub.InvokeAsync<T>(method, argument, cancellationToken)
            : throw new InvalidOperationException("The agent is not connected to the portal right now; try again later.");

    /// <summary>Marks a new session with the portal in the inbox.</summary>
    public sealed class Connected
    {
        public static readonly Connected Instance = new();
    }
}
