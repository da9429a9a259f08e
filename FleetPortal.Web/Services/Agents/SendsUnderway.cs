namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Deliveries of new deployments this process is sending right now. The bundles that agents ask
/// for wait until none is underway (<see cref="RevisionBundles"/>): the first agents of a rollout
/// ask for theirs while the portal is still sending to the rest, and reading and sending bundles
/// then would delay every later agent's request. A rollout first reaches every agent.
/// </summary>
public sealed class SendsUnderway
{
    /// <summary>The longest bundles wait for sends: a send held up by one slow connection must not hold up every bundle.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3);

    private readonly Lock gate = new();
    private int underway;
    private TaskCompletionSource? allDone;

    /// <summary>Marks a delivery as underway until the returned value is disposed.</summary>
    public IDisposable Begin()
    {
        lock (gate)
        {
            underway++;
        }

        return new Underway(this);
    }

    /// <summary>Completes once no delivery is underway, or after <see cref="MaxWait"/> at the most.</summary>
    public Task WhenNoneAsync(TimeProvider time)
    {
        lock (gate)
        {
            if (underway == 0)
            {
                return Task.CompletedTask;
            }

            allDone ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return Task.WhenAny(allDone.Task, Task.Delay(MaxWait, time));
        }
    }

    private void End()
    {
        TaskCompletionSource? done = null;
        lock (gate)
        {
            if (--underway == 0)
            {
                (done, allDone) = (allDone, null);
            }
        }

        done?.TrySetResult();
    }

    private sealed class Underway(SendsUnderway sends) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                sends.End();
            }
        }
    }
}
