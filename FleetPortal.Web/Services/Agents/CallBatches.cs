using System.Threading.Channels;
using FleetPortal.Web.Data;
using Microsoft.AspNetCore.SignalR;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Agents' calls that go to the database, queued and stored (or read) together: after a rollout,
/// or when the portal starts again, thousands of agents make the same call within seconds, and one
/// transaction for all that are waiting replaces one each. One reader stores them in the order
/// they came, at most <see cref="MaxBatch"/> at a time. Each caller awaits its own outcome, so the
/// hub answers every agent as if its call had been stored alone. A batch that cannot be stored
/// wrote nothing: each of its calls is refused with <c>refusal</c>, and the agent makes it
/// again when it reconnects. A batch that clashed with a row another writer stored meanwhile is
/// stored again call by call, each read afresh, so only a call still at fault is refused.
/// </summary>
public sealed class CallBatches<TCall, TResult>(string refusal, ILogger logger)
{
    /// <summary>The most calls one batch stores.</summary>
    public const int MaxBatch = 1_000;

    private readonly Channel<BatchedCall<TCall, TResult>> queue =
        Channel.CreateUnbounded<BatchedCall<TCall, TResult>>(new UnboundedChannelOptions { SingleReader = true });

    // Counted here: the single-reader channel cannot count.
    private int waiting;

    /// <summary>How many calls wait for the next batch.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    public Task<TResult> EnqueueAsync(TCall call)
    {
        var batched = new BatchedCall<TCall, TResult>(call);
        Interlocked.Increment(ref waiting);
        if (!queue.Writer.TryWrite(batched))
        {
            Interlocked.Decrement(ref waiting);
            throw new HubException(refusal);
        }

        return batched.Outcome;
    }

    /// <summary>
    /// Stores batch after batch with <paramref name="store"/>, which answers or refuses each call of
    /// its batch and throws when nothing of it was stored; ends once <see cref="Complete"/> was
    /// called (or <paramref name="stopping"/> fires) and every call queued before was stored.
    /// </summary>
    public async Task RunAsync(Func<IReadOnlyList<BatchedCall<TCall, TResult>>, Task> store, CancellationToken stopping)
    {
        using var stop = stopping.Register(Complete);
        var batch = new List<BatchedCall<TCall, TResult>>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var call))
            {
                batch.Add(call);
                Interlocked.Decrement(ref waiting);
            }

            try
            {
                await store(batch);
            }
            catch (Exception conflict) when (WriteConflicts.IsConflict(conflict))
            {
                logger.LogInformation("A batch of {Count} call(s) clashed with a row written meanwhile; storing each alone", batch.Count);
                await StoreEachAloneAsync(store, batch);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Storing a batch of {Count} call(s) failed; each is refused", batch.Count);
            }

            // Calls the store left unanswered (all of them when it failed) must not keep their agents waiting.
            batch.Where(call => !call.Outcome.IsCompleted).ToList().ForEach(call => call.Refuse(refusal));
            batch.Clear();
        }
    }

    private async Task StoreEachAloneAsync(Func<IReadOnlyList<BatchedCall<TCall, TResult>>, Task> store, IReadOnlyList<BatchedCall<TCall, TResult>> batch)
    {
        foreach (var call in batch.Where(call => !call.Outcome.IsCompleted))
        {
            try
            {
                await store([call]);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Storing a call alone failed; it is refused");
                call.Refuse(refusal);
            }
        }
    }

    /// <summary>Takes no more calls: later ones are refused, queued ones are still stored.</summary>
    public void Complete() => queue.Writer.TryComplete();
}
