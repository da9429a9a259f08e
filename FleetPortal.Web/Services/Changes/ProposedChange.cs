namespace FleetPortal.Web.Services.Changes;

/// <summary>A change a person proposes to one host: packages to add and remove, files to write or delete, and why.</summary>
public sealed record ProposedChange(
    IReadOnlyList<string>? Add = null,
    IReadOnlyList<string>? Remove = null,
    IReadOnlyList<FileEdit>? Files = null,
    string? Reason = null);
