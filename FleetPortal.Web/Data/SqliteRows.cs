using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FleetPortal.Web.Data;

/// <summary>
/// New rows for SQLite, bound straight into one prepared statement. Microsoft.Data.Sqlite
/// allocates a binder object and a UTF-8 copy for every value it binds: 10,000 deployments and
/// their 10,000 audit events allocated about 70 MB that way (7 MB here), garbage the portal's
/// collector then cleared while the rollout was being sent. Texts are bound from the strings
/// themselves and numbers as numbers, as SQLite stores what EF Core binds: a GUID as its
/// upper-case text (as Microsoft.Data.Sqlite binds one given as text), null as NULL.
/// </summary>
internal static class SqliteRows
{
    /// <summary>Whether a column whose stored (provider) type is <paramref name="type"/> is bound here.</summary>
    public static bool Carries(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t
        && (t == typeof(string) || t == typeof(Guid) || t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(byte) || t == typeof(bool));

    /// <summary>
    /// Runs <paramref name="into"/> (<c>INSERT INTO table (columns)</c>) for each of
    /// <paramref name="rows"/>, whose column values <paramref name="columns"/> read: provider values,
    /// each of a type <see cref="Carries"/>. Runs on <paramref name="connection"/> in its open transaction.
    /// </summary>
    public static void Insert<T>(SqliteConnection connection, string into, IReadOnlyList<Func<object, object?>> columns, IReadOnlyList<T> rows)
        where T : class
    {
        var database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var text = $"{into} VALUES ({string.Join(", ", columns.Select((_, c) => "?" + (c + 1)))})";
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(database, text, out var statement), database);
        using (statement)
        {
            // A statement keeps its values bound from one row to the next (a reset does not clear
            // them), and most of a rollout's columns hold the same value in every row: only a value
            // that differs from the row before is bound again, which took a third off binding them.
            var bound = new object?[columns.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                for (var c = 0; c < columns.Count; c++)
                {
                    var value = columns[c](rows[r]);
                    if (r == 0 || !Equals(value, bound[c]))
                    {
                        SqliteException.ThrowExceptionForRC(Bind(statement, c + 1, value), database);
                        bound[c] = value;
                    }
                }

                var done = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (done != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(done, database);
                }
            }
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
