namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>docs/screenshots/ of the repository the tests run in.</summary>
public static class ScreenshotFolder
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "FleetPortal.sln")))
            {
                return Directory.CreateDirectory(System.IO.Path.Combine(directory.FullName, "docs", "screenshots")).FullName;
            }
        }

        throw new DirectoryNotFoundException("FleetPortal.sln was not found above the test's folder.");
    }
}
