using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.PeriodicWork;

/// <summary>Every test of <see cref="DeploymentDeadlineTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class DeploymentDeadlineTestsOnPostgres() : DeploymentDeadlineTests(onPostgres: true);
