namespace FleetPortal.Web.Data;

/// <summary>When a package catalog was imported, by whom, and how many packages it held.</summary>
public sealed class CatalogImport
{
    public int Id { get; set; }

    public DateTimeOffset ImportedAt { get; set; }

    public required string ImportedBy { get; set; }

    public int PackageCount { get; set; }
}
