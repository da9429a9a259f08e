namespace FleetPortal.Core.Tests.Packaging;

/// <summary>The checked-out repository the tests run from, for checks of its files.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The folder of the stand-in NixOS (lib, module system, pkgs) the module tests evaluate against.</summary>
    public static string StandInNixos => File("tests", "FleetPortal.Core.Tests", "Packaging", "StandInNixos");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "FleetPortal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No FleetPortal.sln above {AppContext.BaseDirectory}: the tests must run inside the repository.");
    }
}
