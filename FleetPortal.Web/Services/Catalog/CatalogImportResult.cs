namespace FleetPortal.Web.Services.Catalog;

/// <summary>
/// What an upload did: the packages it holds, the entries it left out because the fleet cannot
/// name them (with a few examples and why), and how long it took; or why nothing was imported.
/// </summary>
public sealed record CatalogImportResult(
    bool Succeeded,
    string? Error,
    int PackageCount,
    DateTimeOffset ImportedAt,
    TimeSpan Duration,
    int SkippedCount = 0,
    IReadOnlyList<string>? SkippedExamples = null)
{
    public static CatalogImportResult Failed(string error) => new(false, error, 0, default, TimeSpan.Zero);
}
