using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Changes;

namespace FleetPortal.Web.Components.Shared;

/// <summary>A change request in one sentence a family admin understands.</summary>
public static class ChangeWords
{
    public static string Sentence(ChangeSummary change)
    {
        var reason = string.IsNullOrWhiteSpace(change.Reason) ? "" : $": {change.Reason}";
        if (change.Kind == ChangeKind.DeskRequest)
        {
            var packages = string.Join(" and ", change.Operations.Select(o => o.Package));
            return $"{change.AuthorName} asks for {packages}{reason}";
        }

        return $"{change.AuthorName} wants to {What(change.Operations)} on {change.HostName}{reason}";
    }

    public static string What(IEnumerable<ChangeOperationView> operations) => string.Join(", ", operations.Select(o => o.Kind switch
    {
        ChangeOperationKind.AddPackage => $"add {o.Package}",
        ChangeOperationKind.RemovePackage => $"remove {o.Package}",
        ChangeOperationKind.WriteFile => $"edit {o.FilePath}",
        _ => $"delete {o.FilePath}",
    }));
}
