namespace FleetPortal.Web.Data;

public enum ChangeOperationKind
{
    AddPackage,
    RemovePackage,
    WriteFile,
    DeleteFile,
}
