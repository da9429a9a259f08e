namespace FleetPortal.Web.Services.Diffs;

/// <summary>
/// What differs between two configurations of a host: packages added and removed, and the files
/// that changed, line by line. Revision numbers are null for a side that is not a stored revision
/// (the result of a change that is not yet approved).
/// </summary>
public sealed record ConfigurationDiff(
    int? FromRevision,
    int? ToRevision,
    IReadOnlyList<string> AddedPackages,
    IReadOnlyList<string> RemovedPackages,
    IReadOnlyList<FileDiff> Files)
{
    public bool IsEmpty => AddedPackages.Count == 0 && RemovedPackages.Count == 0 && Files.Count == 0;
}
