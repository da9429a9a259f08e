using System.Net.Sockets;

namespace FleetPortal.Agent.Local;

/// <summary>A connection to the daemon's local socket, one JSON message per line each way.</summary>
public sealed class LocalClient : IAsyncDisposable
{
    private readonly NetworkStream stream;
    private readonly StreamReader reader;
    private readonly StreamWriter writer;

    private LocalClient(Socket socket)
    {
        stream = new NetworkStream(socket, ownsSocket: true);
        reader = new StreamReader(stream);
        writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
    }

    public static async Task<LocalClient> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new LocalClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public Task SendAsync(LocalMessage message) => writer.WriteLineAsync(LocalJson.Write(message));

    /// <summary>The next message, or null when the daemon closed the connection.</summary>
    public async Task<LocalMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (LocalJson.Read(line) is { } message)
            {
                return message;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await writer.DisposeAsync();
        reader.Dispose();
        await stream.DisposeAsync();
    }
}
