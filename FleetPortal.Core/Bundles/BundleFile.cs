namespace FleetPortal.Core.Bundles;

/// <summary>One file of a host's configuration bundle: a path relative to the bundle's folder, and its text.</summary>
public sealed record BundleFile(string Path, string Content);
