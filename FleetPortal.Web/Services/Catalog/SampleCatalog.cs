namespace FleetPortal.Web.Services.Catalog;

/// <summary>The small catalog of common packages that ships with the portal, for the demo fleet.</summary>
public static class SampleCatalog
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "SampleData", "catalog.sample.json");
}
