namespace FleetPortal.Core.Bundles;

/// <summary>
/// The whole NixOS configuration of one host at one revision, as the agent writes it to disk:
/// the files sorted by path, and their content hash.
/// </summary>
public sealed record Bundle(IReadOnlyList<BundleFile> Files, string ContentHash)
{
    public bool IsFlake => Files.Any(f => f.Path == BundleFileNames.Flake);

    public BundleFile? Find(string path) => Files.FirstOrDefault(f => f.Path == path);
}
