namespace FleetPortal.Web.Data;

/// <summary>Which database the fleet lives in, from <c>FleetPortal:Database:Provider</c>.</summary>
public enum DatabaseProvider
{
    /// <summary>One file under the data directory: one portal process.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server named by <c>ConnectionStrings:Fleet</c>: several portal processes may share it.</summary>
    Postgres,
}
