using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Changes;

/// <summary>One step of a change request: a package added or removed, a file written or deleted.</summary>
public sealed record ChangeOperationView(ChangeOperationKind Kind, string? Package, string? FilePath, string? NewContent);
