namespace FleetPortal.Agent.Tests.Infrastructure;

/// <summary>
/// A stand-in NixOS system tree in a temporary folder: one generation, current and booted, laid
/// out as on a real machine (store paths, <c>system-N-link</c>, <c>run/current-system</c>). The
/// stand-in <c>nixos-rebuild</c> adds generations to it.
/// </summary>
public sealed class StandInSystem : IDisposable
{
    public StandInSystem()
    {
        Root = Directory.CreateTempSubdirectory("fleetportal-system-").FullName;
        var kernel = Store("/nix/store/k3rn3l000000000000000000000000000-linux-6.6.30");
        File.WriteAllText(Path.Combine(kernel, "bzImage"), "stand-in kernel");
        File.WriteAllText(Path.Combine(kernel, "initrd"), "stand-in initrd");
        Directory.CreateDirectory(Path.Combine(kernel, "lib", "modules"));
        var system = Store("/nix/store/f1rst0000000000000000000000000000-nixos-system-standin-1");
        File.WriteAllText(Path.Combine(system, "nixos-version"), "24.05.standin-1 (Uakari)\n");
        Directory.CreateDirectory(Path.Combine(system, "bin"));
        var activate = Path.Combine(system, "bin", "switch-to-configuration");
        File.WriteAllText(activate, $"#!/usr/bin/env bash\n# STAND-IN switch-to-configuration of generation 1.\necho \"activating the configuration...\"\nln -sfn /nix/store/f1rst0000000000000000000000000000-nixos-system-standin-1 '{Root}/run/current-system'\n");
        File.SetUnixFileMode(activate, (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(system, "kernel"), "/nix/store/k3rn3l000000000000000000000000000-linux-6.6.30/bzImage");
        File.CreateSymbolicLink(Path.Combine(system, "initrd"), "/nix/store/k3rn3l000000000000000000000000000-linux-6.6.30/initrd");
        File.CreateSymbolicLink(Path.Combine(system, "kernel-modules"), "/nix/store/k3rn3l000000000000000000000000000-linux-6.6.30/lib");
        Directory.CreateDirectory(Path.Combine(Root, "nix", "var", "nix", "profiles"));
        File.CreateSymbolicLink(Path.Combine(Root, "nix", "var", "nix", "profiles", "system-1-link"), "/nix/store/f1rst0000000000000000000000000000-nixos-system-standin-1");
        File.CreateSymbolicLink(Path.Combine(Root, "nix", "var", "nix", "profiles", "system"), "system-1-link");
        Directory.CreateDirectory(Path.Combine(Root, "run"));
        File.CreateSymbolicLink(Path.Combine(Root, "run", "current-system"), "/nix/store/f1rst0000000000000000000000000000-nixos-system-standin-1");
        File.CreateSymbolicLink(Path.Combine(Root, "run", "booted-system"), "/nix/store/f1rst0000000000000000000000000000-nixos-system-standin-1");
    }

    public string Root { get; }

    /// <summary>Each run of the stand-in <c>nixos-rebuild</c> adds a line here.</summary>
    public IReadOnlyList<string> RebuildRuns =>
        File.Exists(Path.Combine(Root, "standin-runs.log")) ? File.ReadAllLines(Path.Combine(Root, "standin-runs.log")) : [];

    /// <summary>The text of a file of the system <c>run/current-system</c> points to.</summary>
    public string CurrentSystemFile(string name)
    {
        var target = new FileInfo(Path.Combine(Root, "run", "current-system")).LinkTarget!;
        return File.ReadAllText(Path.Combine(Root, target.TrimStart('/'), name));
    }

    public string Store(string path)
    {
        var directory = Path.Combine(Root, path.TrimStart('/'));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
