namespace FleetPortal.Web.Data;

/// <summary>One package of the imported catalog (the output of <c>nix-env -qaP --json --meta</c>).</summary>
public sealed class CatalogPackage
{
    /// <summary>The attribute path, as a host's package list names it.</summary>
    public required string AttrPath { get; set; }

    public string Name { get; set; } = "";

    public string Version { get; set; } = "";

    public string Description { get; set; } = "";
}
