namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>The folder of the repository the tests run in (where FleetPortal.sln is), for its sample data.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "FleetPortal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("FleetPortal.sln was not found above the test's folder.");
    }
}
