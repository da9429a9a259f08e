namespace FleetPortal.Web.Data;

/// <summary>
/// The turns of <see cref="SqliteWriteGate"/>: one holder at a time, the waiters served in the order
/// they came, except that a waiter that asked to go after others (<see cref="SqliteWriteGate.AfterOthers"/>)
/// lets every other waiter go first. Waiting holds no thread.
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
        LinkedListNode<TaskCompletionSource> waiter;
        lock (sync)
        {
            if (!held)
            {
                held = true;
                return true;
            }

            waiter = (afterOthers ? after : first).AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        try
        {
            await waiter.Value.Task.WaitAsync(patience, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            lock (sync)
            {
                // Given the turn just as the wait ended: it is the caller's, and must be passed on.
                if (waiter.List is null)
                {
                    Give();
                }
                else
                {
                    waiter.List.Remove(waiter);
                }
            }

            if (exception is OperationCanceledException)
            {
                throw;
            }

            return false;
        }
    }

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
}
