using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FleetPortal.Web.Data;

/// <summary>
/// New rows for SQLite, bound straight into prepared statements. Microsoft.Data.Sqlite
/// allocates a binder object and a UTF-8 copy for every value it binds: 10,000 deployments and
/// 10,000 audit events (a rollout's rows when it wrote an event a host) allocated about 70 MB
/// that way (8 MB here), garbage the portal's collector then cleared while the rollout was being
/// sent. Texts are bound from the strings themselves and numbers as numbers, as SQLite stores
/// what EF Core binds: a GUID as its upper-case text (as Microsoft.Data.Sqlite binds one given as
/// text), null as NULL.
/// </summary>
internal static class SqliteRows
{
    /// <summary>
    /// Rows per statement. Each statement costs SQLite a start and an end of its own (and, for a
    /// table with an AUTOINCREMENT key, a write of its sequence): 10,000 audit events (a rollout's,
    /// when it wrote an event a host) took about 55 ms one row a statement and 35 ms 32 rows a
    /// statement. Parameters are numbered, not named, so SQLite finds each one at once however
    /// many a statement has.
    /// </summary>
    private const int RowsPerStatement = 32;

    /// <summary>
    /// From how many rows their values are read on another thread. The few rows of a batch of
    /// reports or acknowledgements are read on the inserting thread: handing them over would cost
    /// each such write a trip through the thread pool and gain nothing.
    /// </summary>
    private const int ReadAlongsideFrom = 1_000;

    /// <summary>Whether a column whose stored (provider) type is <paramref name="type"/> is bound here.</summary>
    public static bool Carries(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t
        && (t == typeof(string) || t == typeof(Guid) || t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(byte) || t == typeof(bool));

    /// <summary>
    /// Runs <paramref name="into"/> (<c>INSERT INTO table (columns)</c>) for <paramref name="rows"/>,
    /// whose column values <paramref name="columns"/> read: provider values, each of a type
    /// <see cref="Carries"/>. Runs on <paramref name="connection"/> in its open transaction.
    /// </summary>
    public static async Task InsertAsync<T>(SqliteConnection connection, string into, IReadOnlyList<Func<object, object?>> columns, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");

        // The values of the statements to come are read from the rows on another thread (the
        // entities' getters and value converters: a fifth of inserting 10,000 deployments) while
        // SQLite inserts the ones before.
        var statements = Channel.CreateUnbounded<object?[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        if (rows.Count >= ReadAlongsideFrom)
        {
            _ = Task.Run(() => ReadValues(columns, rows, statements.Writer), CancellationToken.None);
        }
        else
        {
            ReadValues(columns, rows, statements.Writer);
        }

        sqlite3_stmt? statement = null;
        try
        {
            object?[]? before = null;
            await foreach (var values in statements.Reader.ReadAllAsync(cancellationToken))
            {
                // Only a shorter last statement changes the text, and starts with nothing bound.
                if (statement is null || values.Length != before!.Length)
                {
                    statement?.Dispose();
                    var text = MultiRowInsert.Statement(into + " VALUES ", columns.Count, values.Length / columns.Count, p => "?" + (p + 1));
                    SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(database, text, out statement), database);
                    before = null;
                }

                // A statement keeps its values bound from one run to the next (a reset does not
                // clear them), and most of a rollout's columns hold the same value in every row:
                // only a value that differs from the one bound before is bound again.
                for (var p = 0; p < values.Length; p++)
                {
                    if (before is null || !Equals(values[p], before[p]))
                    {
                        SqliteException.ThrowExceptionForRC(Bind(statement, p + 1, values[p]), database);
                    }
                }

                before = values;
                var done = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (done != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(done, database);
                }
            }
        }
        finally
        {
            statement?.Dispose();
        }
    }

    /// <summary>The values of each statement's rows, column by column, row after row; a shorter last statement holds the rest.</summary>
    private static void ReadValues<T>(IReadOnlyList<Func<object, object?>> columns, IReadOnlyList<T> rows, ChannelWriter<object?[]> statements)
        where T : class
    {
        try
        {
            for (var start = 0; start < rows.Count; start += RowsPerStatement)
            {
                var rowCount = Math.Min(RowsPerStatement, rows.Count - start);
                var values = new object?[rowCount * columns.Count];
                for (var r = 0; r < rowCount; r++)
                {
                    for (var c = 0; c < columns.Count; c++)
                    {
                        values[(r * columns.Count) + c] = columns[c](rows[start + r]);
                    }
                }

                statements.TryWrite(values);
            }

            statements.TryComplete();
        }
        catch (Exception exception)
        {
            // Handed to the inserting side, which throws it: nothing of the failed rollout is committed.
            statements.TryComplete(exception);
        }
    }

    private static int Bind(sqlite3_stmt statement, int index, object? value)
    {
        switch (value)
        {
            case null:
                return raw.sqlite3_bind_null(statement, index);
            case string text:
                return raw.sqlite3_bind_text16(statement, index, text);
            case Guid guid:
                Span<char> digits = stackalloc char[36];
                guid.TryFormat(digits, out _);
                for (var i = 0; i < digits.Length; i++)
                {
                    digits[i] = char.ToUpperInvariant(digits[i]);
                }

                return raw.sqlite3_bind_text16(statement, index, digits);
            case bool flag:
                return raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0);
            default:
                return raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
