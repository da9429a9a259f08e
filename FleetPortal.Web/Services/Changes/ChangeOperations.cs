using FleetPortal.Core.Bundles;
using FleetPortal.Core.Packages;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Hosts;

namespace FleetPortal.Web.Services.Changes;

/// <summary>Turns a proposal into checked operations, and applies operations to a host's configuration.</summary>
internal static class ChangeOperations
{
    public const int MaxReasonLength = 2000;
    public const int MaxFileLength = 1_000_000;

    /// <summary>The operations of <paramref name="change"/> against <paramref name="current"/>; refuses bad input naming each field.</summary>
    public static List<ChangeOperation> FromProposal(ProposedChange change, RevisionContent current)
    {
        var errors = new Dictionary<string, string[]>();
        var operations = new List<ChangeOperation>();
        var added = Packages(change.Add, "add", errors);
        var removed = Packages(change.Remove, "remove", errors);
        foreach (var package in added.Intersect(removed))
        {
            errors.TryAdd("remove", [$"{package.Value} is both added and removed."]);
        }

        operations.AddRange(added.Distinct().Select(p => new ChangeOperation { Kind = ChangeOperationKind.AddPackage, Package = p.Value }));
        operations.AddRange(removed.Distinct().Select(p => new ChangeOperation { Kind = ChangeOperationKind.RemovePackage, Package = p.Value }));
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var files = change.Files ?? [];
        for (var i = 0; i < files.Count; i++)
        {
            var edit = files[i];
            if (edit is null)
            {
                errors[$"files[{i}]"] = ["A file edit is required."];
                continue;
            }

            if (BundlePath.Check(edit.Path) is { } pathError)
            {
                errors[$"files[{i}].path"] = [pathError];
                continue;
            }

            if (!paths.Add(edit.Path))
            {
                errors[$"files[{i}].path"] = [$"{edit.Path} is edited twice in one change."];
                continue;
            }

            var currentHash = current.FileHash(edit.Path);
            if (edit.NewContent is null && currentHash is null)
            {
                errors[$"files[{i}].path"] = [$"{edit.Path} does not exist, so it cannot be deleted."];
                continue;
            }

            if (edit.NewContent is { Length: > MaxFileLength })
            {
                errors[$"files[{i}].content"] = [$"A file is at most {MaxFileLength} characters."];
                continue;
            }

            if (edit.BaseContentHash is not null && !string.Equals(edit.BaseContentHash, currentHash, StringComparison.OrdinalIgnoreCase))
            {
                throw new ConflictFailure($"{edit.Path} changed since it was opened for editing; nothing was saved. Reload it and edit the current text.");
            }

            operations.Add(new ChangeOperation
            {
                Kind = edit.NewContent is null ? ChangeOperationKind.DeleteFile : ChangeOperationKind.WriteFile,
                FilePath = edit.Path,
                NewContent = edit.NewContent,
                BaseContentHash = currentHash,
            });
        }

        if (change.Reason is { Length: > MaxReasonLength })
        {
            errors["reason"] = [$"The reason is at most {MaxReasonLength} characters."];
        }

        if (errors.Count == 0 && operations.Count == 0)
        {
            errors["add"] = ["A change adds or removes at least one package, or edits at least one file."];
        }

        return errors.Count > 0 ? throw new InvalidInputFailure(errors) : operations;
    }

    /// <summary>
    /// <paramref name="current"/> with the operations applied; a file edit whose file changed since the
    /// change was proposed is not applied but returned as a conflict, in words.
    /// </summary>
    public static (RevisionContent Result, string? Conflict) Apply(RevisionContent current, IEnumerable<ChangeOperation> operations)
    {
        var result = current.Copy();
        var conflicts = new List<string>();
        foreach (var operation in operations)
        {
            switch (operation.Kind)
            {
                case ChangeOperationKind.AddPackage:
                    result.AddPackage(NixAttrPath.Parse(operation.Package));
                    break;
                case ChangeOperationKind.RemovePackage:
                    result.RemovePackage(NixAttrPath.Parse(operation.Package));
                    break;
                case ChangeOperationKind.WriteFile or ChangeOperationKind.DeleteFile:
                    var path = operation.FilePath!;
                    if (current.FileHash(path) != operation.BaseContentHash)
                    {
                        conflicts.Add(path);
                    }
                    else if (operation.Kind == ChangeOperationKind.WriteFile)
                    {
                        result.WriteFile(path, operation.NewContent ?? "");
                    }
                    else
                    {
                        result.DeleteFile(path);
                    }

                    break;
            }
        }

        var conflict = conflicts.Count == 0
            ? null
            : $"{string.Join(", ", conflicts)} changed since this change was proposed, so it cannot be applied without overwriting that edit. "
                + "Nothing was applied and the change stays open: withdraw it and propose the edit again on the current text.";
        return (result, conflict);
    }

    /// <summary>The operations in a short sentence for the audit log and the revision's summary.</summary>
    public static string Describe(IEnumerable<ChangeOperation> operations)
    {
        var parts = operations.Select(o => o.Kind switch
        {
            ChangeOperationKind.AddPackage => $"add {o.Package}",
            ChangeOperationKind.RemovePackage => $"remove {o.Package}",
            ChangeOperationKind.WriteFile => $"edit {o.FilePath}",
            _ => $"delete {o.FilePath}",
        });
        return string.Join(", ", parts);
    }

    private static List<NixAttrPath> Packages(IReadOnlyList<string>? names, string field, Dictionary<string, string[]> errors)
    {
        var packages = new List<NixAttrPath>();
        for (var i = 0; i < (names?.Count ?? 0); i++)
        {
            if (NixAttrPath.TryParse(names![i], out var package, out var error))
            {
                packages.Add(package);
            }
            else
            {
                errors[$"{field}[{i}]"] = [error];
            }
        }

        return packages;
    }
}
