using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Agent.Tests.Infrastructure;

/// <summary>
/// One machine of a test: its stand-in system tree, configuration folder, state directory and
/// socket, and the environment that points <c>fleetportal-agent</c> at them and at the portal.
/// </summary>
public sealed class AgentMachine : IAsyncDisposable
{
    private readonly List<AgentProcess> processes = [];

    public AgentMachine(Uri portal)
    {
        Portal = portal;
        Folder = Directory.CreateTempSubdirectory("fleetportal-agent-").FullName;
        Directory.CreateDirectory(ConfigurationDirectory);
        File.WriteAllText(Path.Combine(ConfigurationDirectory, "configuration.nix"), FleetSeed.Configuration);
        File.WriteAllText(Path.Combine(ConfigurationDirectory, "hardware-configuration.nix"), "{ ... }: { fileSystems.\"/\".device = \"/dev/vda1\"; }\n");
        Environment = new Dictionary<string, string>
        {
            ["FleetPortalAgent__ServerUrl"] = portal.ToString(),
            ["FleetPortalAgent__StateDirectory"] = StateDirectory,
            ["FleetPortalAgent__SystemRoot"] = SystemTree.Root,
            ["FleetPortalAgent__ConfigurationDirectory"] = ConfigurationDirectory,
            ["FleetPortalAgent__SocketPath"] = SocketPath,
            ["FleetPortalAgent__NixosRebuild"] = AgentProcess.StandIn("nixos-rebuild"),
            ["FleetPortalAgent__NixEnv"] = AgentProcess.StandIn("nix-env"),
            ["FleetPortalAgent__ReconnectDelayMin"] = "00:00:00.100",
            ["FleetPortalAgent__ReconnectDelayMax"] = "00:00:00.500",
            ["FleetPortalAgent__RetryInterval"] = "00:00:00.500",
            ["FleetPortalAgent__ReminderInterval"] = "00:00:04",
            ["STANDIN_SYSTEM_ROOT"] = SystemTree.Root,
        };
    }

    public Uri Portal { get; }

    public string Folder { get; }

    public StandInSystem SystemTree { get; } = new();

    public string ConfigurationDirectory => Path.Combine(Folder, "etc-nixos");

    public string StateDirectory => Path.Combine(Folder, "state");

    public string SocketPath => Path.Combine(Folder, "agent.sock");

    public Dictionary<string, string> Environment { get; }

    public AgentProcess Start(params string[] arguments)
    {
        var process = AgentProcess.Start(Environment, arguments);
        processes.Add(process);
        return process;
    }

    public Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => AgentProcess.RunAsync(Environment, arguments);

    /// <summary>Enrols with a fresh code for the host name, through the real <c>enroll</c> command.</summary>
    public async Task EnrolAsync(PortalFactory portal, string hostName)
    {
        var code = await portal.EnrolmentCodeAsync(hostName);
        var (exitCode, output) = await RunAsync("enroll", "--code", code);
        Assert.True(exitCode == 0, "enroll failed: " + output);
    }

    /// <summary>Starts the daemon and waits until it is connected to the portal.</summary>
    public async Task<AgentProcess> RunDaemonAsync()
    {
        var daemon = Start("run");
        await daemon.WaitForOutputAsync("Connected to");
        return daemon;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }

        SystemTree.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
