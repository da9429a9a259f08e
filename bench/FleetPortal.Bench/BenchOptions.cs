namespace FleetPortal.Bench;

/// <summary>
/// The benchmark's command line: <c>--hosts N --out FILE --barehub DLL [--portal DLL --agent PROGRAM]
/// [--postgres CONNECTION --redis HOST:PORT] [--rounds 3] [--only fleetportal,bare,mqtt,scaleout]
/// [--extras yes|no]</c>. Extras are FleetPortal's one-real-agent footprint (of the native agent, or
/// of a fleetportal-agent.dll run by dotnet) and the dashboard figures. The scale-out scenario needs
/// a PostgreSQL server (a connection string with a user that may create databases: each run makes a
/// fresh one) and a Redis server.
/// </summary>
public sealed record BenchOptions(int Hosts, string Output, string BareHubDll, int Rounds, IReadOnlySet<string> Scenarios, string? PortalDll = null, string? AgentDll = null, bool Extras = true, string? Postgres = null, string? Redis = null)
{
    public static readonly IReadOnlyList<string> AllScenarios = ["fleetportal", "bare", "mqtt", "scaleout"];

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[++i];
        }

        int Number(string key, int fallback, int min, int max)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return fallback;
            }

            return int.TryParse(text, out var n) && n >= min && n <= max
                ? n
                : throw new ArgumentException($"--{key} must be a whole number from {min} to {max}, not '{text}'.");
        }

        var scenarios = (values.GetValueOrDefault("only") ?? string.Join(',', AllScenarios)).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var unknown = scenarios.Except(AllScenarios).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"--only takes {string.Join(", ", AllScenarios)}, not {string.Join(", ", unknown)}.");
        }

        if (scenarios.Contains("fleetportal") && (!values.ContainsKey("portal") || !values.ContainsKey("agent")))
        {
            throw new ArgumentException("The fleetportal scenario needs --portal (fleetportal.dll) and --agent (the native fleetportal-agent, or fleetportal-agent.dll).");
        }

        if (scenarios.Contains("scaleout") && (!values.ContainsKey("portal") || !values.ContainsKey("postgres") || !values.ContainsKey("redis")))
        {
            throw new ArgumentException("The scaleout scenario needs --portal (fleetportal.dll), --postgres (a PostgreSQL connection string whose user may create databases) and --redis (host:port); tests/servers/start.sh starts both servers.");
        }

        var extras = values.GetValueOrDefault("extras") ?? "yes";
        if (extras is not ("yes" or "no"))
        {
            throw new ArgumentException($"--extras is yes or no, not '{extras}'.");
        }

        return new BenchOptions(
            Number("hosts", 200, 1, 20_000),
            values.GetValueOrDefault("out") ?? throw new ArgumentException("--out FILE is required."),
            values.GetValueOrDefault("barehub") ?? throw new ArgumentException("--barehub DLL is required."),
            Number("rounds", 3, 1, 20),
            scenarios,
            values.GetValueOrDefault("portal"),
            values.GetValueOrDefault("agent"),
            extras == "yes",
            values.GetValueOrDefault("postgres"),
            values.GetValueOrDefault("redis"));
    }
}
