namespace FleetPortal.Web.Tests.Catalog;

/// <summary>The sample catalog that ships with the portal, as the demo imports it.</summary>
internal static class SampleCatalog
{
    public const int PackageCount = 298;

    public static string Path { get; } = FindPath();

    public static Stream Open() => File.OpenRead(Path);

    private static string FindPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "FleetPortal.Web", "SampleData", "catalog.sample.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("FleetPortal.Web/SampleData/catalog.sample.json was not found above the test's folder.");
    }
}
