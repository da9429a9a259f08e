using System.Collections.Concurrent;
using FleetPortal.Web.Data;
using FleetPortal.Web.Startup;
using Npgsql;

namespace FleetPortal.Web.Services.ScaleOut;

/// <summary>
/// A named lock held across every portal process on the fleet database, for work that must not run
/// twice at once (start-up seeding). On PostgreSQL a session advisory lock: the server releases it
/// when the holder's connection ends, so a process that dies never leaves it held. SQLite serves
/// one process, so a lock in the process is the whole fleet's.
/// </summary>
public sealed class FleetWideLock(DatabaseSettings database)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> local = new();

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken = default)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            var gate = local.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken);
            return new Release(() => { gate.Release(); return ValueTask.CompletedTask; });
        }

        // Unpooled: a pooled connection would outlive its closing, and its session the lock with it.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext(@name))", connection))
        {
            command.Parameters.AddWithValue("name", name);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Closing the connection ends the session, and with it the lock.
        return new Release(connection.DisposeAsync);
    }

    private sealed class Release(Func<ValueTask> release) : IAsyncDisposable
    {
        private Func<ValueTask>? release = release;

        public ValueTask DisposeAsync() => Interlocked.Exchange(ref release, null)?.Invoke() ?? ValueTask.CompletedTask;
    }
}
