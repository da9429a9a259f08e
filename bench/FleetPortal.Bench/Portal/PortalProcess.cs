namespace FleetPortal.Bench.Portal;

/// <summary>
/// The real portal (the built <c>fleetportal.dll</c>) as a process of its own on 127.0.0.1, with
/// its own data directory and a bootstrap API token; it can be killed and started again on the
/// same data. Its <paramref name="settings"/> (configuration keys in environment form) put it on a
/// shared database and Redis server beside other processes; without them it keeps its fleet in
/// SQLite in its data directory.
/// </summary>
public sealed class PortalProcess(string portalDll, int port, string dataDirectory, string apiToken, IReadOnlyDictionary<string, string>? settings = null) : IDisposable
{
    private readonly List<string> earlierOutput = [];
    private ChildProcess? process;

    /// <summary>Everything the portal wrote to its standard output, over every start.</summary>
    public IEnumerable<string> Output => earlierOutput.Concat(process?.Output ?? []);

    /// <summary>When the running process said it listens (see <see cref="ChildProcess.SaidListeningAt"/>).</summary>
    public long? SaidListeningAt => process?.SaidListeningAt;

    public Uri Address { get; } = new($"http://127.0.0.1:{port}");

    public string DatabasePath => Path.Combine(dataDirectory, "fleetportal.db");

    public ChildProcess Current => process ?? throw new InvalidOperationException("The portal is not running.");

    public async Task StartAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = Address.ToString().TrimEnd('/'),
            ["FleetPortal__DataDirectory"] = dataDirectory,
            ["FleetPortal__Bootstrap__AdminApiToken"] = apiToken,

            // A few demo hosts beside the simulated ones, and a support account the browser signs in with (printed once).
            ["FleetPortal__Demo__Seed"] = "true",

            // Every simulated machine enrols from this one address.
            ["FleetPortal__Agents__EnrolmentAttemptsPerWindow"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",

            // The rollout's own timings (its transaction, then its sends), printed by the driver after each round.
            ["Logging__LogLevel__FleetPortal.Web.Services.Deployments.RolloutCommands"] = "Information",

            // "Now listening on": when the portal listens again in the reconnect storm.
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        // The project folder is the content root, as with ./run.sh.
        var projectFolder = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(portalDll)!, "..", "..", ".."));
        process = await ChildProcess.StartAsync("dotnet", [Path.GetFullPath(portalDll)], port, environment, projectFolder);
    }

    /// <summary>Ends the portal at once, as a crash or an out-of-memory kill would (SIGKILL).</summary>
    public void Kill()
    {
        earlierOutput.AddRange(process?.Output ?? []);
        process?.Dispose();
        process = null;
    }

    public void Dispose() => Kill();
}
