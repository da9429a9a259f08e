using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Services;

/// <summary>Every test of <see cref="DeploymentCommandsTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class DeploymentCommandsTestsOnPostgres() : DeploymentCommandsTests(PortalFactory.OnPostgres());
