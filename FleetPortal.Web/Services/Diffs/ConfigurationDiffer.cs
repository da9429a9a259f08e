using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using FleetPortal.Core.Bundles;
using FleetPortal.Web.Services.Hosts;

namespace FleetPortal.Web.Services.Diffs;

/// <summary>Compares two rendered configurations: package lists as sets, files line by line (DiffPlex).</summary>
internal static class ConfigurationDiffer
{
    public static ConfigurationDiff Compare(RevisionContent from, int? fromNumber, RevisionContent to, int? toNumber)
    {
        var added = to.Packages.Except(from.Packages, StringComparer.Ordinal).ToList();
        var removed = from.Packages.Except(to.Packages, StringComparer.Ordinal).ToList();
        var oldFiles = from.Render().Files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var newFiles = to.Render().Files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var files = new List<FileDiff>();
        foreach (var path in oldFiles.Keys.Union(newFiles.Keys).Order(StringComparer.Ordinal))
        {
            var before = oldFiles.GetValueOrDefault(path);
            var after = newFiles.GetValueOrDefault(path);
            if (before == after)
            {
                continue;
            }

            var change = before is null ? FileChangeKind.Added : after is null ? FileChangeKind.Removed : FileChangeKind.Modified;
            files.Add(new FileDiff(path, change, BundleFileNames.Generated.Contains(path), Lines(before ?? "", after ?? "")));
        }

        return new ConfigurationDiff(fromNumber, toNumber, added, removed, files);
    }

    private static List<DiffLine> Lines(string before, string after)
    {
        var model = InlineDiffBuilder.Diff(before, after, ignoreWhiteSpace: false);
        var lines = new List<DiffLine>(model.Lines.Count);
        int oldNumber = 0, newNumber = 0;
        foreach (var line in model.Lines)
        {
            switch (line.Type)
            {
                case ChangeType.Inserted:
                    lines.Add(new DiffLine(DiffLineKind.Added, null, ++newNumber, line.Text));
                    break;
                case ChangeType.Deleted:
                    lines.Add(new DiffLine(DiffLineKind.Removed, ++oldNumber, null, line.Text));
                    break;
                case ChangeType.Imaginary:
                    break;
                default:
                    lines.Add(new DiffLine(DiffLineKind.Unchanged, ++oldNumber, ++newNumber, line.Text));
                    break;
            }
        }

        return lines;
    }
}
