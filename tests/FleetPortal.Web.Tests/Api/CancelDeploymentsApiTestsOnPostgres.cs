using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Api;

/// <summary>Every test of <see cref="CancelDeploymentsApiTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class CancelDeploymentsApiTestsOnPostgres() : CancelDeploymentsApiTests(PortalFactory.OnPostgres());
