namespace FleetPortal.Web.Api;

/// <summary>A change to propose: packages to add and remove, files to write or delete, and the reason.</summary>
public sealed record ProposeChangeRequest(
    IReadOnlyList<string>? Add = null,
    IReadOnlyList<string>? Remove = null,
    IReadOnlyList<FileEditRequest>? Files = null,
    string? Reason = null);
