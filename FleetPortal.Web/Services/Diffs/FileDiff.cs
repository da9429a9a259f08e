namespace FleetPortal.Web.Services.Diffs;

/// <summary>How one file of the bundle differs; generated files are marked so pages can fold them.</summary>
public sealed record FileDiff(string Path, FileChangeKind Change, bool IsGenerated, IReadOnlyList<DiffLine> Lines);
