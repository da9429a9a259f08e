using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Services;

/// <summary>Every test of <see cref="ChangeWorkflowTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class ChangeWorkflowTestsOnPostgres() : ChangeWorkflowTests(PortalFactory.OnPostgres());
