using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FleetPortal.Web.Data;

/// <summary>
/// Lets one write at a time into this process's SQLite database, the others waiting without a
/// thread. SQLite takes one writer at a time anyway; left to itself, a writer that finds the
/// database busy makes Microsoft.Data.Sqlite put its thread to sleep and try again, so thousands of
/// agents reporting at once (after a rollout) held most of the thread pool asleep, and the
/// portal's sends and reads waited behind them. Reads are not gated: in WAL mode they never wait
/// for a writer. A write is a transaction (from its start to its commit or rollback) or a single
/// INSERT, UPDATE or DELETE outside one. One gate per database file in the process. Writes wait in
/// the order they came, except those made inside <see cref="AfterOthers"/>.
/// </summary>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    private static readonly AsyncLocal<bool> Deferring = new();

    private readonly WriteTurns gate = new();

    /// <summary>The connections (EF Core's ids) that hold the gate now: at most one.</summary>
    private readonly ConcurrentDictionary<Guid, bool> holders = new();

    private SqliteWriteGate(TimeSpan maxWait)
    {
        MaxWait = maxWait;
    }

    /// <summary>As long as Microsoft.Data.Sqlite itself waits for a busy database: the connection string's Default Timeout (30 s unless set; 0 waits for ever).</summary>
    public TimeSpan MaxWait { get; }

    /// <summary>How many writes wait for their turn now.</summary>
    public int Waiting => gate.Waiting;

    /// <summary>
    /// Until disposed, this flow's writes let every other waiting write go first: for work that can
    /// wait (the agents' reports of a rollout's progress) beside work a fleet waits for (their
    /// hellos and acknowledgements, an approval).
    /// </summary>
    public static IDisposable AfterOthers()
    {
        var before = Deferring.Value;
        Deferring.Value = true;
        return new Restore(before);
    }

    /// <summary>The gate of the database a connection string names.</summary>
    public static SqliteWriteGate Of(string? connectionString)
    {
        var settings = new SqliteConnectionStringBuilder(connectionString ?? "");
        var source = settings.DataSource;
        var key = source is "" or ":memory:" || source.StartsWith("file:", StringComparison.Ordinal) ? source : Path.GetFullPath(source);
        return Gates.GetOrAdd(key, _ => new SqliteWriteGate(settings.DefaultTimeout > 0 ? TimeSpan.FromSeconds(settings.DefaultTimeout) : Timeout.InfiniteTimeSpan));
    }

    // The transaction is begun here, once the gate is entered, so that a BEGIN that fails (another
    // process holding the file past the timeout) leaves the gate at once: EF Core reports no failure
    // of a transaction that never started.
    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (result.HasResult)
        {
            return result;
        }

        Enter(eventData.ConnectionId);
        try
        {
            return InterceptionResult<DbTransaction>.SuppressWithResult(connection.BeginTransaction(eventData.IsolationLevel));
        }
        catch
        {
            Leave(eventData.ConnectionId);
            throw;
        }
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (result.HasResult)
        {
            return result;
        }

        await EnterAsync(eventData.ConnectionId, cancellationToken);
        try
        {
            return InterceptionResult<DbTransaction>.SuppressWithResult(await connection.BeginTransactionAsync(eventData.IsolationLevel, cancellationToken));
        }
        catch
        {
            Leave(eventData.ConnectionId);
            throw;
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.ConnectionId);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.ConnectionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    // A transaction disposed without a commit or a rollback (an exception on the way) is rolled back
    // by SQLite; EF Core says nothing of it, but the connection closes with its context.
    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(eventData.ConnectionId);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(eventData.ConnectionId);
        return ValueTask.FromResult(result);
    }

    // A context disposed with its connection still open closes it without "closing" events.
    public InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(eventData.ConnectionId);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(eventData.ConnectionId);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        EnterForLoneWrite(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await EnterForLoneWriteAsync(command, eventData, cancellationToken);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        LeaveAfterLoneWrite(command, eventData.ConnectionId);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        LeaveAfterLoneWrite(command, eventData.ConnectionId);
        return ValueTask.FromResult(result);
    }

    // An INSERT ... RETURNING is read as a reader: SQLite holds the write until the reader is done.
    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        EnterForLoneWrite(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await EnterForLoneWriteAsync(command, eventData, cancellationToken);
        return result;
    }

    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        LeaveAfterLoneWrite(command, eventData.ConnectionId);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => LeaveAfterLoneWrite(command, eventData.ConnectionId);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveAfterLoneWrite(command, eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => LeaveAfterLoneWrite(command, eventData.ConnectionId);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveAfterLoneWrite(command, eventData.ConnectionId);
        return Task.CompletedTask;
    }

    private void Enter(Guid connection)
    {
        if (holders.ContainsKey(connection))
        {
            return;
        }

        if (!gate.Take(Deferring.Value, MaxWait))
        {
            throw Busy();
        }

        holders[connection] = true;
    }

    private async Task EnterAsync(Guid connection, CancellationToken cancellationToken)
    {
        if (holders.ContainsKey(connection))
        {
            return;
        }

        if (!await gate.TakeAsync(Deferring.Value, MaxWait, cancellationToken))
        {
            throw Busy();
        }

        holders[connection] = true;
    }

    private void Leave(Guid connection)
    {
        if (holders.TryRemove(connection, out _))
        {
            gate.Give();
        }
    }

    private void EnterForLoneWrite(DbCommand command, CommandEventData eventData)
    {
        if (IsLoneWrite(command))
        {
            Enter(eventData.ConnectionId);
        }
    }

    private Task EnterForLoneWriteAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken) =>
        IsLoneWrite(command) ? EnterAsync(eventData.ConnectionId, cancellationToken) : Task.CompletedTask;

    private void LeaveAfterLoneWrite(DbCommand command, Guid connection)
    {
        if (command.Transaction is null)
        {
            Leave(connection);
        }
    }

    private static bool IsLoneWrite(DbCommand command) => command.Transaction is null && IsWrite(command.CommandText);

    /// <summary>Whether a statement writes: it starts (after comments, which EF Core's tags are) with a writing verb.</summary>
    public static bool IsWrite(string text)
    {
        var rest = text.AsSpan();
        while (true)
        {
            rest = rest.TrimStart();
            if (!rest.StartsWith("--"))
            {
                break;
            }

            var end = rest.IndexOf('\n');
            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return rest.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("REPLACE", StringComparison.OrdinalIgnoreCase);
    }

    private sealed class Restore(bool before) : IDisposable
    {
        public void Dispose() => Deferring.Value = before;
    }

    private DatabaseBusyException Busy() =>
        new($"The database stayed busy with other writes for {MaxWait.TotalSeconds:0} s; nothing was written. Try again in a few seconds.");
}
