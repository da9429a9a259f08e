using System.Security.Cryptography;

namespace FleetPortal.Bench.Portal;

/// <summary>
/// The scratch folder of one FleetPortal run, deleted at its end: the portals' data directories,
/// the simulated machines' state directories and the configuration they import when they enrol.
/// On tmpfs where there is one: thousands of simulated machines write their state files with fsync.
/// Also the bootstrap API token the portal processes of the run share.
/// </summary>
public sealed class BenchWorkspace : IDisposable
{
    private BenchWorkspace(string folder)
    {
        Folder = folder;
        Configuration = NewFolder("configuration");
    }

    public string Folder { get; }

    /// <summary>The <c>/etc/nixos</c> every simulated machine uploads when it enrols.</summary>
    public string Configuration { get; }

    public string ApiToken { get; } = "fpb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static async Task<BenchWorkspace> CreateAsync()
    {
        var scratchRoot = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var workspace = new BenchWorkspace(Directory.CreateDirectory(Path.Combine(scratchRoot, "fleetportal-bench-" + Guid.NewGuid().ToString("N")[..8])).FullName);
        await File.WriteAllTextAsync(Path.Combine(workspace.Configuration, "configuration.nix"), "{ ... }:\n{\n  networking.hostName = \"simulated\";\n}\n");
        return workspace;
    }

    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Folder, name)).FullName;

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
