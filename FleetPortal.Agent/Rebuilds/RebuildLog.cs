using System.Threading.Channels;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Rebuilds;

/// <summary>
/// Collects a rebuild's output: numbers the lines, sends them to the portal in batches (as many as
/// have arrived, within the protocol's bounds), and keeps the tail for the result. A slow portal
/// never slows the rebuild: beyond a bound the oldest unsent lines are dropped, and so are batches
/// that cannot be sent while the portal is away. The tail is kept, numbered
/// (<see cref="TailSequence"/>), for the result, which waits for the portal.
/// </summary>
public sealed class RebuildLog : IAsyncDisposable
{
    public const int TailLines = 50;
    private const int MaxQueuedLines = 20_000;

    private readonly Channel<(int Sequence, string Text)> queue = Channel.CreateBounded<(int, string)>(
        new BoundedChannelOptions(MaxQueuedLines) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Queue<string> tail = new();
    private readonly Guid deploymentId;
    private readonly Func<DeploymentLogBatch, Task> send;
    private readonly Task sender;
    private int next;

    public RebuildLog(Guid deploymentId, Func<DeploymentLogBatch, Task> send)
    {
        this.deploymentId = deploymentId;
        this.send = send;
        sender = Task.Run(SendAsync);
    }

    public IReadOnlyList<string> Tail
    {
        get
        {
            lock (tail)
            {
                return tail.ToList();
            }
        }
    }

    /// <summary>The sequence number of the first line of <see cref="Tail"/>; read both once the log is disposed.</summary>
    public int TailSequence
    {
        get
        {
            lock (tail)
            {
                return next - tail.Count;
            }
        }
    }

    public void Add(string line)
    {
        var text = line.Length <= AgentProtocol.MaxLogLineLength ? line : line[..AgentProtocol.MaxLogLineLength];
        lock (tail)
        {
            tail.Enqueue(text);
            if (tail.Count > TailLines)
            {
                tail.Dequeue();
            }

            queue.Writer.TryWrite((next++, text));
        }
    }

    /// <summary>Sends what is left, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await sender;
    }

    private async Task SendAsync()
    {
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var lines = new List<string>();
            var characters = 0;
            var first = -1;
            var expected = -1;
            while (lines.Count < AgentProtocol.MaxLogLinesPerBatch && reader.TryPeek(out var line)
                   && (expected < 0 || line.Sequence == expected)
                   && characters + line.Text.Length <= AgentProtocol.MaxLogBatchCharacters)
            {
                reader.TryRead(out _);
                first = first < 0 ? line.Sequence : first;
                expected = line.Sequence + 1;
                lines.Add(line.Text);
                characters += line.Text.Length;
            }

            if (lines.Count > 0)
            {
                // A batch that cannot be sent (portal away) is dropped; the result carries the tail.
                try
                {
                    await send(new DeploymentLogBatch(deploymentId, first, lines));
                }
                catch (Exception)
                {
                }
            }
        }
    }
}
