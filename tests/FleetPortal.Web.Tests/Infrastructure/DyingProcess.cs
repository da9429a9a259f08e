using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>
/// Stands in for a portal process that dies at a chosen moment, at the database boundary: once
/// armed, the process's next few transactions commit and the one after never does (it throws, and
/// the database rolls it back), as when the process is killed while a transaction is open.
/// </summary>
public sealed class DyingProcess : DbTransactionInterceptor
{
    private int commitsLeft = -1;

    /// <summary>Lets <paramref name="commits"/> transactions commit; the next one dies.</summary>
    public void DieAfter(int commits) => Volatile.Write(ref commitsLeft, commits);

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref commitsLeft) >= 0 && Interlocked.Decrement(ref commitsLeft) < 0)
        {
            throw new ProcessDiedException();
        }

        return ValueTask.FromResult(result);
    }
}
