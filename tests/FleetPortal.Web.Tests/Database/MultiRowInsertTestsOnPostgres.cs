using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Database;

/// <summary>Every test of <see cref="MultiRowInsertTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class MultiRowInsertTestsOnPostgres() : MultiRowInsertTests(PortalFactory.OnPostgres());
