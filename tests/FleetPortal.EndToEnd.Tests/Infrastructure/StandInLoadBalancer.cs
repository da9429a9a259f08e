using System.Net;
using System.Net.Sockets;

namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// STAND-IN for the load balancer in front of several portal processes: a TCP forwarder on
/// 127.0.0.1 that sends each new connection to the portal it currently routes to, and ends a
/// forwarded connection when either side does, as a balancer does when a backend dies. The agents
/// behind it know one address, as they would in production; <see cref="RouteTo"/> is the balancer
/// taking a dead backend out of rotation.
/// </summary>
public sealed class StandInLoadBalancer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private Uri target;

    public StandInLoadBalancer(Uri target)
    {
        this.target = target;
        listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        accepting = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>New connections go to this portal from now on; open ones stay where they are.</summary>
    public void RouteTo(Uri portal) => Volatile.Write(ref target, portal);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client, Volatile.Read(ref target));
        }
    }

    private async Task ForwardAsync(TcpClient client, Uri portal)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(portal.Host, portal.Port, stopping.Token);
                using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
                var toPortal = client.GetStream().CopyToAsync(upstream.GetStream(), ended.Token);
                var toClient = upstream.GetStream().CopyToAsync(client.GetStream(), ended.Token);
                await Task.WhenAny(toPortal, toClient);
                await ended.CancelAsync();
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The backend is gone or refused: the client's connection ends, and it connects again.
            }
        }
    }
}
