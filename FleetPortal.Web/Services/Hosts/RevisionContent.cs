using FleetPortal.Core.Bundles;
using FleetPortal.Core.Packages;
using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Hosts;

/// <summary>
/// A host's packages and own files, as a revision holds them or as a change makes them. The one
/// place where operations are applied and bundles rendered for the workflow.
/// </summary>
internal sealed class RevisionContent
{
    private readonly SortedSet<string> packages;
    private readonly SortedDictionary<string, string> files;

    private RevisionContent(IEnumerable<string> packages, IEnumerable<KeyValuePair<string, string>> files)
    {
        this.packages = new SortedSet<string>(packages, StringComparer.Ordinal);
        this.files = new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Packages => packages;

    public IReadOnlyDictionary<string, string> Files => files;

    public static RevisionContent Empty() => new([], []);

    public static RevisionContent Of(IEnumerable<string> packages, IEnumerable<RevisionFile> files) =>
        new(packages, files.Select(f => KeyValuePair.Create(f.Path, f.Content)));

    /// <summary>The content of revision <paramref name="number"/> of a host; empty for number 0 (no revision yet).</summary>
    public static async Task<RevisionContent?> LoadAsync(FleetDbContext db, int hostId, int number, CancellationToken cancellationToken)
    {
        if (number == 0)
        {
            return Empty();
        }

        var revision = await db.Revisions.AsNoTracking()
            .Where(r => r.HostId == hostId && r.Number == number)
            .Select(r => new { r.Packages, r.Files })
            .SingleOrDefaultAsync(cancellationToken);
        return revision is null ? null : Of(revision.Packages, revision.Files);
    }

    public RevisionContent Copy() => new(packages, files);

    public void AddPackage(NixAttrPath package) => packages.Add(package.Value);

    public void RemovePackage(NixAttrPath package) => packages.Remove(package.Value);

    public void WriteFile(string path, string content) => files[path] = content;

    public void DeleteFile(string path) => files.Remove(path);

    /// <summary>The hash of a file's text, or null when the file does not exist.</summary>
    public string? FileHash(string path) => files.TryGetValue(path, out var content) ? FileContentHash.Compute(content) : null;

    public Bundle Render() =>
        BundleRenderer.Render(packages.Select(NixAttrPath.Parse), files.Select(f => new BundleFile(f.Key, f.Value)));

    public List<RevisionFile> ToRevisionFiles() => files.Select(f => new RevisionFile { Path = f.Key, Content = f.Value }).ToList();

    /// <summary>A new revision holding this content, its hash taken from the rendered bundle.</summary>
    public Revision ToRevision(int hostId, int number, string createdBy, DateTimeOffset createdAt, int? changeRequestId, string? summary) =>
        new()
        {
            HostId = hostId,
            Number = number,
            Packages = packages.ToList(),
            Files = ToRevisionFiles(),
            ContentHash = Render().ContentHash,
            CreatedAt = createdAt,
            CreatedBy = createdBy,
            ChangeRequestId = changeRequestId,
            Summary = summary,
        };
}
