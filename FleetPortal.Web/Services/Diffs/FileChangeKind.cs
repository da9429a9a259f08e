namespace FleetPortal.Web.Services.Diffs;

public enum FileChangeKind
{
    Added,
    Removed,
    Modified,
}
