namespace FleetPortal.Bench;

/// <summary>
/// One fan-out: every simulated host records when its message arrived (and the server's send
/// timestamp carried in it); the round completes when every host has heard once.
/// </summary>
public sealed class FanOutRound(int hosts)
{
    private readonly long[] receivedAt = new long[hosts];
    private readonly long[] sentAt = new long[hosts];
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int remaining = hosts;
    private int duplicates;

    public long StartedAt { get; private set; }

    public int Duplicates => duplicates;

    public int Received => receivedAt.Length - Volatile.Read(ref remaining);

    public void Start() => StartedAt = MonotonicClock.Now();

    public void Receive(int host, long serverTimestamp)
    {
        var now = MonotonicClock.Now();
        if (Interlocked.CompareExchange(ref receivedAt[host], now, 0) != 0)
        {
            Interlocked.Increment(ref duplicates);
            return;
        }

        sentAt[host] = serverTimestamp;
        if (Interlocked.Decrement(ref remaining) == 0)
        {
            done.TrySetResult();
        }
    }

    public async Task<bool> WaitAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(done.Task, Task.Delay(timeout));
        return finished == done.Task;
    }

    /// <summary>From the server's first send to its last, by the timestamps the messages carry; of some hosts only (those one process serves), or of all.</summary>
    public double SendSpreadMilliseconds(Range? hosts = null)
    {
        var sent = sentAt[hosts ?? Range.All].Where(s => s != 0).ToArray();
        return sent.Length == 0 ? double.NaN : MonotonicClock.MillisecondsBetween(sent.Min(), sent.Max());
    }

    /// <summary>From the moment the fan-out was asked for to each host's receipt.</summary>
    public Latencies FromCall() => Latencies.Of(receivedAt.Where(t => t != 0).Select(t => MonotonicClock.MillisecondsBetween(StartedAt, t)).ToArray());

    /// <summary>
    /// From the server's first send (the earliest timestamp the messages carry) to each host's
    /// receipt: the delivery alone, without what the server did before it sent anything (for
    /// FleetPortal, the transaction that writes the rollout).
    /// </summary>
    public Latencies FromFirstSend()
    {
        var sent = sentAt.Where(s => s != 0).ToArray();
        if (sent.Length == 0)
        {
            return Latencies.Of([]);
        }

        var first = sent.Min();
        return Latencies.Of(receivedAt.Where(t => t != 0).Select(t => MonotonicClock.MillisecondsBetween(first, t)).ToArray());
    }

    /// <summary>From the server's send of each message to its receipt.</summary>
    public Latencies FromServerSend() => Latencies.Of(receivedAt.Select((t, i) => (t, s: sentAt[i])).Where(p => p.t != 0 && p.s != 0).Select(p => MonotonicClock.MillisecondsBetween(p.s, p.t)).ToArray());
}
