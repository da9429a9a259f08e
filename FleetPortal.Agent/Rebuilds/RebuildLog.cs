using System.Threading.Channels;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Rebuilds;

/// <summary>
/// Collects a rebuild's output: numbers the lines, sends them to the portal in batches (as many as
/// have arrived, within the protocol's bounds), and keeps the tail for the result. A slow portal
/// never slows the rebuild: beyond a bound the oldest unsent lines are dropped. A batch the portal
/// does not take (it is away) is offered again a moment later, until the rebuild ends; the tail is
/// kept, numbered (<see cref="TailSequence"/>), for the result, which waits for the portal.
/// </summary>
public sealed class RebuildLog : IAsyncDisposable
{
    public const int TailLines = 50;
    private const int MaxQueuedLines = 20_000;

    /// <summary>How long a batch the portal did not take waits to be offered again; newer lines wait behind it.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly Channel<(int Sequence, string Text)> queue = Channel.CreateBounded<(int, string)>(
        new BoundedChannelOptions(MaxQueuedLines) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Queue<string> tail = new();
    private readonly Guid deploymentId;
    private readonly Func<DeploymentLogBatch, Task<bool>> send;
    private readonly Task sender;

    /// <summary>Cancelled as the rebuild ends (<see cref="DisposeAsync"/>).</summary>
    private readonly CancellationTokenSource ended = new();

    /// <summary>Lines of a batch the portal did not take, oldest first; only the sending task touches them.</summary>
    private readonly List<(int Sequence, string Text)> unsent = [];

    private int next;

    /// <param name="send">Sends a batch to the portal: false (or an exception) when the portal did not take it.</param>
    public RebuildLog(Guid deploymentId, Func<DeploymentLogBatch, Task<bool>> send)
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

    /// <summary>Sends what is left, as far as the portal takes it, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        ended.Cancel();
        queue.Writer.TryComplete();
        await sender;
        ended.Dispose();
    }

    private async Task SendAsync()
    {
        var reader = queue.Reader;

        // While the rebuild runs: lines as they come, and a batch the portal did not take again a moment later.
        while (!ended.IsCancellationRequested)
        {
            if (unsent.Count == 0)
            {
                if (!await reader.WaitToReadAsync())
                {
                    return;
                }
            }
            else
            {
                try
                {
                    await Task.Delay(RetryAfter, ended.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            await SendBatchAsync(reader);
        }

        // The rebuild ended: the rest goes now, until the portal does not take a batch. What it did
        // not take is lost but for the tail, which the result carries once the portal is back.
        while (unsent.Count > 0 || reader.TryPeek(out _))
        {
            if (!await SendBatchAsync(reader))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Sends the next batch: the lines the portal did not take first, then newer ones, as many as
    /// follow each other within the protocol's bounds. False when the portal did not take it: its
    /// lines are kept, to be offered again before anything newer (the portal stores each number once).
    /// </summary>
    private async Task<bool> SendBatchAsync(ChannelReader<(int Sequence, string Text)> reader)
    {
        var batch = new List<(int Sequence, string Text)>();
        var characters = 0;
        while (batch.Count < AgentProtocol.MaxLogLinesPerBatch && TryPeekNext(reader, out var line)
               && (batch.Count == 0 || line.Sequence == batch[^1].Sequence + 1)
               && characters + line.Text.Length <= AgentProtocol.MaxLogBatchCharacters)
        {
            if (unsent.Count > 0)
            {
                unsent.RemoveAt(0);
            }
            else
            {
                reader.TryRead(out _);
            }

            batch.Add(line);
            characters += line.Text.Length;
        }

        if (batch.Count == 0)
        {
            return true;
        }

        bool taken;
        try
        {
            taken = await send(new DeploymentLogBatch(deploymentId, batch[0].Sequence, batch.Select(l => l.Text).ToList()));
        }
        catch (Exception)
        {
            taken = false;
        }

        if (!taken)
        {
            unsent.InsertRange(0, batch);
        }

        return taken;
    }

    private bool TryPeekNext(ChannelReader<(int Sequence, string Text)> reader, out (int Sequence, string Text) line)
    {
        if (unsent.Count > 0)
        {
            line = unsent[0];
            return true;
        }

        return reader.TryPeek(out line);
    }
}
