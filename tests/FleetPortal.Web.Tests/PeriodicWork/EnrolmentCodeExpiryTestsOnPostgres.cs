using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.PeriodicWork;

/// <summary>Every test of <see cref="EnrolmentCodeExpiryTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class EnrolmentCodeExpiryTestsOnPostgres() : EnrolmentCodeExpiryTests(onPostgres: true);
