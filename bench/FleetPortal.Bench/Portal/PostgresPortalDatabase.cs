using Npgsql;

namespace FleetPortal.Bench.Portal;

/// <summary>
/// A fresh PostgreSQL database for one run, on the server the run is given (a connection string
/// with a user that may create databases), dropped at the end of the run; and what the portal
/// processes stored in it, read directly (only reads).
/// </summary>
public sealed class PostgresPortalDatabase : IPortalDatabase, IAsyncDisposable
{
    private readonly string server;

    private PostgresPortalDatabase(string server, string name)
    {
        this.server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>For the portal processes' <c>ConnectionStrings__Fleet</c>.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresPortalDatabase> CreateAsync(string server)
    {
        var database = new PostgresPortalDatabase(server, "fleet_bench_" + Guid.NewGuid().ToString("N"));
        await database.ExecuteOnServerAsync($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    public async Task<(int Acknowledged, int Finished, DateTimeOffset? LastAcknowledged)> ProgressAsync(IReadOnlyCollection<Guid> deployments)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT COUNT("AcknowledgedAt"), COUNT("FinishedAt"), MAX("AcknowledgedAt")
            FROM "Deployments" WHERE "Id" = ANY(@ids)
            """, connection);
        command.Parameters.AddWithValue("ids", deployments.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        DateTimeOffset? last = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1), last);
    }

    /// <summary>Drops the database, closing what still uses it (the portals are stopped by then).</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string statement)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(statement, connection);
        await command.ExecuteNonQueryAsync();
    }
}
