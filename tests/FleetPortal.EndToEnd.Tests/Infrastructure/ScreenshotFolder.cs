namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Where screenshots go: the folder the environment variable <c>FLEETPORTAL_SCREENSHOTS</c> names
/// (e.g. docs/screenshots; a relative folder is in the repository, not in the test's output folder),
/// or nowhere, so that an ordinary test run never changes the repository.
/// </summary>
public static class ScreenshotFolder
{
    public const string Variable = "FLEETPORTAL_SCREENSHOTS";

    /// <summary>The folder, created if needed; null when screenshots are not asked for.</summary>
    public static string? Path { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder
        ? Directory.CreateDirectory(System.IO.Path.GetFullPath(folder, RepositoryRoot.Path)).FullName
        : null;
}
