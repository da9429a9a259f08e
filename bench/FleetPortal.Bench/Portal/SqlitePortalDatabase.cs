using Microsoft.Data.Sqlite;

namespace FleetPortal.Bench.Portal;

/// <summary>
/// Reads the portal's SQLite file directly (only reads) to see what the portal has stored: which
/// acknowledgements and results have arrived, and when (the portal's own clock).
/// </summary>
public sealed class SqlitePortalDatabase(string path) : IPortalDatabase
{
    private readonly string connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    public async Task<(int Acknowledged, int Finished, DateTimeOffset? LastAcknowledged)> ProgressAsync(IReadOnlyCollection<Guid> deployments)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();

        // EF Core stores a Guid as upper-case text.
        command.CommandText = """
            SELECT COUNT(AcknowledgedAt), COUNT(FinishedAt), MAX(AcknowledgedAt)
            FROM Deployments WHERE Id IN (SELECT value FROM json_each($ids))
            """;
        command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(deployments.Select(d => d.ToString().ToUpperInvariant())));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        DateTimeOffset? last = reader.IsDBNull(2) ? null : FromBinary(reader.GetInt64(2));
        return (reader.GetInt32(0), reader.GetInt32(1), last);
    }

    /// <summary>
    /// The portal stores times as EF Core's DateTimeOffsetToBinaryConverter does (so SQLite can order
    /// them): UTC ticks / 1000 shifted left by 11 bits, the offset in minutes in the low bits.
    /// </summary>
    private static DateTimeOffset FromBinary(long value) => new((value >> 11) * 1000, TimeSpan.Zero);

    /// <summary>Every deployment the portal has stored.</summary>
    public async Task<IReadOnlyList<Guid>> DeploymentIdsAsync()
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Deployments";
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(Guid.Parse(reader.GetString(0)));
        }

        return ids;
    }

    /// <summary>How many of these deployments the portal still holds as not acknowledged.</summary>
    public async Task<int> UnacknowledgedAsync(IReadOnlyCollection<Guid> deployments)
    {
        var (acknowledged, _, _) = await ProgressAsync(deployments);
        return deployments.Count - acknowledged;
    }
}
