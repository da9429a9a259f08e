using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FleetPortal.Web.Data;

/// <summary>Recognises a write refused because another writer stored a clashing row first.</summary>
public static class WriteConflicts
{
    /// <summary>
    /// Whether <paramref name="exception"/>, or the database error EF Core wrapped in it, is a
    /// constraint (on PostgreSQL a unique index) refusing the row: SQLite names no finer cause. A
    /// write that found its row changed by another writer since it was read is one too.
    /// </summary>
    public static bool IsConflict(Exception exception) =>
        exception is DbUpdateConcurrencyException
        || (exception is DbUpdateException { InnerException: { } inner } ? inner : exception)
            is SqliteException { SqliteErrorCode: 19 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
