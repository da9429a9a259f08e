namespace FleetPortal.Web.Data;

/// <summary>One step of a change request.</summary>
public sealed class ChangeOperation
{
    public int Id { get; set; }

    public int ChangeRequestId { get; set; }

    public ChangeOperationKind Kind { get; set; }

    /// <summary>The package attribute path, for package operations.</summary>
    public string? Package { get; set; }

    /// <summary>The file's path in the bundle, for file operations.</summary>
    public string? FilePath { get; set; }

    /// <summary>The file's new text, for <see cref="ChangeOperationKind.WriteFile"/>.</summary>
    public string? NewContent { get; set; }

    /// <summary>
    /// SHA-256 of the file's text when the change was proposed (null when it did not exist), so
    /// approval can refuse an edit to a file that changed since, instead of overwriting it.
    /// </summary>
    public string? BaseContentHash { get; set; }
}
