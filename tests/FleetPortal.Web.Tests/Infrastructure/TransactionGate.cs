using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>
/// Holds the next <c>n</c> database transactions at their start until all <c>n</c> have arrived, so
/// that concurrent writers have all read the same state before any of them writes: a race made certain
/// instead of left to chance.
/// </summary>
public sealed class TransactionGate : DbTransactionInterceptor
{
    private readonly Lock sync = new();
    private TaskCompletionSource? allArrived;
    private int waiting;

    public void Arm(int transactions)
    {
        lock (sync)
        {
            waiting = transactions;
            allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        Task? wait = null;
        lock (sync)
        {
            if (allArrived is { } gate && waiting > 0)
            {
                if (--waiting == 0)
                {
                    gate.SetResult();
                    allArrived = null;
                }

                wait = gate.Task;
            }
        }

        if (wait is not null)
        {
            await wait.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        return result;
    }
}
