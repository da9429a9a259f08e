using FleetPortal.Core.Bundles;
using FleetPortal.Core.Packages;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Hosts;

namespace FleetPortal.Web.Components.Pages.Hosts;

/// <summary>
/// What a person has typed into a host's editor and not yet proposed: packages to add and remove,
/// new texts of files, the reason. It remembers which state of the host it was made on, and can be
/// laid onto a newer state without losing anything typed.
/// </summary>
public sealed class ConfigurationDraft(HostDetails host)
{
    private readonly SortedSet<string> added = new(StringComparer.Ordinal);
    private readonly SortedSet<string> removed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDraft> files = new(StringComparer.Ordinal);

    /// <summary>The state of the host the draft was made on.</summary>
    public HostDetails Base { get; private set; } = host;

    public string Reason { get; set; } = "";

    public IReadOnlyCollection<string> Added => added;

    public IReadOnlyCollection<string> Removed => removed;

    public IReadOnlyDictionary<string, FileDraft> Files => files;

    public bool IsEmpty => added.Count == 0 && removed.Count == 0 && files.Count == 0;

    /// <summary>The package list as it would be after the change.</summary>
    public IEnumerable<string> Packages => Base.Packages.Except(removed).Concat(added).Distinct().Order(StringComparer.Ordinal);

    /// <summary>Adds a package; returns what is wrong with the name, in words, or null.</summary>
    public string? Add(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Type a package name, such as firefox or python3Packages.requests.";
        }

        if (!NixAttrPath.TryParse(text.Trim(), out var path, out var error))
        {
            return error;
        }

        if (removed.Remove(path.Value))
        {
            return null;
        }

        if (Base.Packages.Contains(path.Value))
        {
            return $"{path.Value} is already installed on {Base.Name}.";
        }

        added.Add(path.Value);
        return null;
    }

    public void Remove(string package)
    {
        if (!added.Remove(package) && Base.Packages.Contains(package))
        {
            removed.Add(package);
        }
    }

    /// <summary>Takes the text typed for a file; a text equal to the file's own drops the edit.</summary>
    public void EditFile(ConfigurationFile file, string text)
    {
        if (text == file.Content && (!files.TryGetValue(file.Path, out var draft) || draft.BaseHash == file.ContentHash))
        {
            files.Remove(file.Path);
            return;
        }

        files[file.Path] = files.TryGetValue(file.Path, out var existing)
            ? existing with { Text = text }
            : new FileDraft(file.Path, text, file.Content, file.ContentHash);
    }

    /// <summary>Files the draft creates, which the host does not have.</summary>
    public IEnumerable<FileDraft> NewFiles => files.Values.Where(f => Base.Files.All(b => b.Path != f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal);

    /// <summary>Starts a new, empty file; returns what is wrong with the path, in words, or null.</summary>
    public string? AddFile(string? path)
    {
        var trimmed = path?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "Type the new file's path inside the configuration folder, such as modules/printing.nix.";
        }

        if (BundlePath.Check(trimmed) is { } error)
        {
            return error;
        }

        if (files.ContainsKey(trimmed) || Base.Files.Any(f => f.Path == trimmed))
        {
            return $"{trimmed} already exists: choose it in the list of files to edit it.";
        }

        files[trimmed] = new FileDraft(trimmed, "", "", null);
        return null;
    }

    /// <summary>Takes the text typed for a file the draft creates.</summary>
    public void EditNewFile(string path, string text) => files[path] = files[path] with { Text = text };

    public string TextOf(ConfigurationFile file) => files.TryGetValue(file.Path, out var draft) ? draft.Text : file.Content;

    /// <summary>
    /// Lays the draft onto the host's current state: packages someone else already added or removed
    /// drop out; typed file texts stay, now compared with the current file, so the diff shows what
    /// they would change there.
    /// </summary>
    public void Rebase(HostDetails current)
    {
        added.RemoveWhere(current.Packages.Contains);
        removed.RemoveWhere(p => !current.Packages.Contains(p));
        foreach (var draft in files.Values.ToList())
        {
            var now = current.Files.FirstOrDefault(f => f.Path == draft.Path);
            files[draft.Path] = draft with { Original = now?.Content ?? "", BaseHash = now?.ContentHash };
        }

        Base = current;
    }

    public ProposedChange ToProposal() => new(
        [.. added],
        [.. removed],
        files.Values.Select(f => new FileEdit(f.Path, f.Text, f.BaseHash)).ToList(),
        Reason);
}
