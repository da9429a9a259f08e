namespace FleetPortal.Core.Bundles;

/// <summary>The names of the files the portal generates or looks for in a bundle.</summary>
public static class BundleFileNames
{
    public const string EntryPoint = "fleetportal.nix";
    public const string Packages = "fleetportal-packages.nix";
    public const string Configuration = "configuration.nix";
    public const string Flake = "flake.nix";

    /// <summary>Files the portal writes itself; a person cannot edit or upload them.</summary>
    public static readonly IReadOnlySet<string> Generated = new HashSet<string>(StringComparer.Ordinal) { EntryPoint, Packages };
}
