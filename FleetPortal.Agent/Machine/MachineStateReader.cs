using System.Globalization;
using System.Text.RegularExpressions;
using FleetPortal.Agent.Configuration;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Machine;

/// <summary>
/// Reads the machine's NixOS state below the system root: the generations of the system profile
/// (<c>nix/var/nix/profiles/system-N-link</c>), which one <c>run/current-system</c> and
/// <c>run/booted-system</c> are, the NixOS version, and whether a reboot is needed.
/// </summary>
public sealed partial class MachineStateReader(AgentOptions options)
{
    public string Root => options.EffectiveSystemRoot;

    public string ProfilesDirectory => Path.Combine(Root, "nix", "var", "nix", "profiles");

    public string SystemProfile => Path.Combine(ProfilesDirectory, "system");

    public string GenerationLink(int generation) => Path.Combine(ProfilesDirectory, $"system-{generation}-link");

    public MachineState Read()
    {
        var generations = Generations();
        var current = StorePathOf(Path.Combine(Root, "run", "current-system"));
        var booted = StorePathOf(Path.Combine(Root, "run", "booted-system"));
        return new MachineState(
            GenerationOf(current, generations),
            GenerationOf(booted, generations),
            current is null ? null : ReadText(Path.Combine(InRoot(current), "nixos-version")),
            RebootNeeded(current, booted),
            generations.Keys.Order().ToList());
    }

    /// <summary>
    /// The newest generation of the system profile, if it has any. Found by the links' names, newest
    /// first, following only as many links as it takes: the agent asks before and after every
    /// rebuild, and a machine keeps every generation until it is collected.
    /// </summary>
    public int? NewestGeneration()
    {
        foreach (var (generation, link) in GenerationLinks().Where(g => g.Generation > 0).OrderByDescending(g => g.Generation))
        {
            if (StorePathOf(link) is not null)
            {
                return generation;
            }
        }

        return null;
    }

    /// <summary>Generation number to the store path its link points to.</summary>
    public IReadOnlyDictionary<int, string> Generations()
    {
        var generations = new Dictionary<int, string>();
        foreach (var (generation, link) in GenerationLinks())
        {
            if (StorePathOf(link) is { } target)
            {
                generations[generation] = target;
            }
        }

        return generations;
    }

    /// <summary>The profile's generation links by name, followed or not.</summary>
    private IEnumerable<(int Generation, string Link)> GenerationLinks()
    {
        if (!Directory.Exists(ProfilesDirectory))
        {
            return [];
        }

        return Directory.EnumerateFileSystemEntries(ProfilesDirectory, "system-*-link")
            .Select(link => (Match: GenerationLinkName().Match(Path.GetFileName(link)), Link: link))
            .Where(l => l.Match.Success)
            .Select(l => (int.Parse(l.Match.Groups[1].Value, CultureInfo.InvariantCulture), l.Link))
            .ToList();
    }

    /// <summary>An absolute path of the machine, as seen below the system root.</summary>
    public string InRoot(string path) => Path.Combine(Root, path.TrimStart('/'));

    private bool RebootNeeded(string? current, string? booted)
    {
        if (current is null || booted is null || current == booted)
        {
            return false;
        }

        // What a reboot changes: the kernel, the initrd, the kernel modules.
        return new[] { "kernel", "initrd", "kernel-modules" }
            .Any(part => StorePathOf(Path.Combine(InRoot(current), part)) != StorePathOf(Path.Combine(InRoot(booted), part)));
    }

    private static int? GenerationOf(string? storePath, IReadOnlyDictionary<int, string> generations) =>
        storePath is null ? null : generations.Where(g => g.Value == storePath).Select(g => (int?)g.Key).DefaultIfEmpty().Max();

    /// <summary>Follows a chain of links to the absolute path it ends at (as the machine names it), or null.</summary>
    private string? StorePathOf(string link)
    {
        var path = link;
        for (var hops = 0; hops < 16; hops++)
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not { } target)
            {
                if (!info.Exists && !Directory.Exists(path))
                {
                    return null;
                }

                var full = Path.GetFullPath(path);
                var root = Path.GetFullPath(Root);
                return root == "/" ? full : "/" + Path.GetRelativePath(root, full);
            }

            path = target.StartsWith('/') ? InRoot(target) : Path.Combine(Path.GetDirectoryName(path)!, target);
        }

        return null;
    }

    private static string? ReadText(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    [GeneratedRegex(@"^system-(\d+)-link$")]
    private static partial Regex GenerationLinkName();
}
