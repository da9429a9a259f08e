namespace FleetPortal.Web.Services.Diffs;

public enum DiffLineKind
{
    Unchanged,
    Added,
    Removed,
}
