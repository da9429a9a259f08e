using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace FleetPortal.Web.Data;

/// <summary>
/// Inserts many new rows of one entity with a few multi-row <c>INSERT</c> statements, without the
/// change tracker: what a rollout to thousands of hosts writes. Each value goes through the
/// model's own type mapping (its value converters included), so the rows read back exactly as if
/// EF Core had saved them, on SQLite and PostgreSQL alike. On SQLite the values are bound
/// straight into the statement (<see cref="SqliteRows"/>) when every column's stored type allows it.
/// </summary>
public static class MultiRowInsert
{
    /// <summary>
    /// Parameters per statement on PostgreSQL, where each statement is a round trip: as many rows
    /// per statement as fit.
    /// </summary>
    private const int MaxParameters = 1_000;

    /// <summary>
    /// Inserts <paramref name="rows"/> inside the open transaction of <paramref name="db"/>.
    /// Store-generated keys (identity columns) are left to the database and not read back.
    /// </summary>
    public static async Task InsertAsync<T>(FleetDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken = default) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity of the fleet database.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entity.GetProperties()
            .Where(p => !IsStoreGenerated(p))
            .Select(p => (Property: p, Name: p.GetColumnName(table)!, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .ToList();
        var shadow = columns.FirstOrDefault(c => c.Property.IsShadowProperty());
        if (shadow.Property is not null)
        {
            throw new InvalidOperationException($"{typeof(T).Name}.{shadow.Property.Name} is a shadow property: insert it through the change tracker.");
        }

        var into = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))})";
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A multi-row insert runs inside the caller's transaction.");
        if (transaction.Connection is SqliteConnection sqlite && columns.All(c => SqliteRows.Carries(ProviderType(c.Mapping))))
        {
            await SqliteRows.InsertAsync(sqlite, into, columns.Select(c => Values(c.Property, c.Mapping)).ToList(), rows, cancellationToken);
            return;
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;

        // SQLite finds each named parameter by a linear search, so a statement of n parameters costs
        // n squared there: one prepared single-row statement per row is its cheapest parameter form.
        var perStatement = db.Database.IsSqlite() ? 1 : Math.Max(1, MaxParameters / columns.Count);
        var statementRows = 0;
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var end = Math.Min(rows.Count, start + perStatement);
            if (end - start != statementRows)
            {
                // Only a shorter last statement changes the text: the same parameters take each statement's values.
                statementRows = end - start;
                command.CommandText = Statement(into + " VALUES ", columns.Count, statementRows, p => sql.GenerateParameterNamePlaceholder("p" + p));
                command.Parameters.Clear();
                for (var p = 0; p < statementRows * columns.Count; p++)
                {
                    var (property, _, mapping) = columns[p % columns.Count];
                    command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName("p" + p), null, property.IsNullable));
                }
            }

            for (var i = start; i < end; i++)
            {
                for (var c = 0; c < columns.Count; c++)
                {
                    var (property, _, mapping) = columns[c];
                    command.Parameters[((i - start) * columns.Count) + c].Value = Values(property, mapping)(rows[i]) ?? DBNull.Value;
                }
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>A column's value in a row, as the mapping's own CreateParameter converts it: through the model's value converter.</summary>
    private static Func<object, object?> Values(IProperty property, RelationalTypeMapping mapping)
    {
        var getter = property.GetGetter();
        return mapping.Converter is { } converter
            ? row => getter.GetClrValue(row) is { } value ? converter.ConvertToProvider(value) : null
            : getter.GetClrValue;
    }

    private static Type ProviderType(RelationalTypeMapping mapping) =>
        mapping.Converter?.ProviderClrType ?? mapping.ClrType;

    /// <summary>The statement inserting <paramref name="rowCount"/> rows, parameters 0, 1... row by row, each written by <paramref name="placeholder"/>.</summary>
    internal static string Statement(string head, int columnCount, int rowCount, Func<int, string> placeholder)
    {
        var text = new StringBuilder(head);
        for (var row = 0; row < rowCount; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var c = 0; c < columnCount; c++)
            {
                text.Append(c == 0 ? "" : ", ").Append(placeholder((row * columnCount) + c));
            }

            text.Append(')');
        }

        return text.ToString();
    }

    private static bool IsStoreGenerated(IProperty property) =>
        property.ValueGenerated.HasFlag(ValueGenerated.OnUpdate)
        || (property.ValueGenerated == ValueGenerated.OnAdd && property.IsPrimaryKey() && property.ClrType != typeof(Guid));
}
