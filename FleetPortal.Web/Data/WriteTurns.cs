namespace FleetPortal.Web.Data;

/// <summary>
/// The turns of <see cref="SqliteWriteGate"/>: one holder at a time, the waiters served in the order
/// they came, except that a waiter that asked to go after others (<see cref="SqliteWriteGate.AfterOthers"/>)
/// lets every other waiter go first. Waiting asynchronously holds no thread.
/// </summary>
internal sealed class WriteTurns
{
    private readonly Lock sync = new();
    private readonly LinkedList<TaskCompletionSource> first = new();
    private readonly LinkedList<TaskCompletionSource> after = new();
    private bool held;

    /// <summary>How many wait for a turn now.</summary>
    public int Waiting
    {
        get
        {
            lock (sync)
            {
                return first.Count + after.Count;
            }
        }
    }

    /// <summary>True once the turn is the caller's; false when <paramref name="patience"/> ran out first.</summary>
    public async Task<bool> TakeAsync(bool afterOthers, TimeSpan patience, CancellationToken cancellationToken)
    {
        if (Queue(afterOthers) is not { } waiter)
        {
            return true;
        }

        try
        {
            await waiter.Value.Task.WaitAsync(patience, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return LeaveQueue(waiter);
        }
        catch (OperationCanceledException)
        {
            // The caller gives up: a turn given to it just now goes to the next.
            if (LeaveQueue(waiter))
            {
                Give();
            }

            throw;
        }
    }

    /// <summary>As <see cref="TakeAsync"/>, blocking the calling thread (EF Core's synchronous calls).</summary>
    public bool Take(bool afterOthers, TimeSpan patience) =>
        Queue(afterOthers) is not { } waiter || waiter.Value.Task.Wait(patience) || LeaveQueue(waiter);

    public void Give()
    {
        TaskCompletionSource? next;
        lock (sync)
        {
            var queue = first.Count > 0 ? first : after.Count > 0 ? after : null;
            if (queue is null)
            {
                held = false;
                return;
            }

            next = queue.First!.Value;
            queue.RemoveFirst();
        }

        next.SetResult();
    }

    /// <summary>Null when the turn was free and is now the caller's; else the caller's place in line.</summary>
    private LinkedListNode<TaskCompletionSource>? Queue(bool afterOthers)
    {
        lock (sync)
        {
            if (!held)
            {
                held = true;
                return null;
            }

            return (afterOthers ? after : first).AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    /// <summary>Leaves the line after waiting too long; true when the turn had just been given to the waiter, and is its own.</summary>
    private bool LeaveQueue(LinkedListNode<TaskCompletionSource> waiter)
    {
        lock (sync)
        {
            if (waiter.List is null)
            {
                return true;
            }

            waiter.List.Remove(waiter);
            return false;
        }
    }
}
