using Npgsql;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL and Redis servers of the scale-out tests. <c>./test.sh</c> starts them on
/// 127.0.0.1 and names them in <see cref="PostgresVariable"/> (a connection string to the server,
/// with a user that may create databases) and <see cref="RedisVariable"/> (host:port).
/// </summary>
public static class TestServers
{
    public const string PostgresVariable = "FLEETPORTAL_TEST_POSTGRES";
    public const string RedisVariable = "FLEETPORTAL_TEST_REDIS";

    /// <summary>
    /// Why the scale-out tests are skipped, or null when they run. They run whenever the servers are
    /// named, and always under <c>./test.sh</c> or CI (where a missing server is a failure); only a
    /// developer's own <c>dotnet test</c> without the servers skips them.
    /// </summary>
    public static string? SkipReason =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 }
        || Environment.GetEnvironmentVariable("CI") == "true"
        || Environment.GetEnvironmentVariable("FLEETPORTAL_TEST_SH") == "1"
            ? null
            : $"Needs PostgreSQL and Redis: run ./test.sh, or set {PostgresVariable} and {RedisVariable}.";

    public static string Postgres => Required(PostgresVariable, "a PostgreSQL connection string such as 'Host=127.0.0.1;Port=5433;Username=postgres'");

    public static string Redis => Required(RedisVariable, "a Redis address such as '127.0.0.1:6380'");

    /// <summary>Creates an empty database of the test's own on the test server; returns its connection string.</summary>
    public static string CreateDatabase()
    {
        var name = "fleet_test_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(Postgres))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, closing what still uses it.</summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Postgres);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    private static string Required(string variable, string what) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. It must name {what}; ./test.sh starts the server and sets it.");
}
