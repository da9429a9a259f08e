using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Changes;

internal static class ChangeProjections
{
    public static ChangeSummary Summary(ChangeRequest change, Host host) =>
        new(change.Id, host.Id, host.Name, host.Family?.Name, change.Kind, change.Status, change.AuthorName, change.Reason,
            change.CreatedAt, change.BaseRevisionNumber,
            change.Operations.OrderBy(o => o.Id).Select(o => new ChangeOperationView(o.Kind, o.Package, o.FilePath, o.NewContent)).ToList());
}
