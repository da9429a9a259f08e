using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.PeriodicWork;

/// <summary>Every test of <see cref="JobLeaseTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class JobLeaseTestsOnPostgres() : JobLeaseTests(onPostgres: true);
