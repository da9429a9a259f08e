using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace FleetPortal.Web.Data;

/// <summary>
/// Inserts many new rows of one entity with a few multi-row <c>INSERT</c> statements, without the
/// change tracker: what a rollout to thousands of hosts writes. Each value goes through the
/// model's own type mapping (its value converters included), so the rows read back exactly as if
/// EF Core had saved them, on SQLite and PostgreSQL alike.
/// </summary>
public static class MultiRowInsert
{
    /// <summary>
    /// Parameters per statement. SQLite finds a named parameter by a linear search, so binding n of
    /// them costs n squared: 30,000 in one statement took seconds, a thousand a few hundred microseconds.
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

        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
        var perStatement = Math.Max(1, MaxParameters / columns.Count);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A multi-row insert runs inside the caller's transaction.");
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(head);
            var end = Math.Min(rows.Count, start + perStatement);
            for (var i = start; i < end; i++)
            {
                text.Append(i == start ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var name = "p" + command.Parameters.Count;
                    text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                    var (property, _, mapping) = columns[c];
                    command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName(name), property.GetGetter().GetClrValue(rows[i]), property.IsNullable));
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool IsStoreGenerated(IProperty property) =>
        property.ValueGenerated.HasFlag(ValueGenerated.OnUpdate)
        || (property.ValueGenerated == ValueGenerated.OnAdd && property.IsPrimaryKey() && property.ClrType != typeof(Guid));
}
