using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.PeriodicWork;

/// <summary>Every test of <see cref="PresenceTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class PresenceTestsOnPostgres() : PresenceTests(onPostgres: true);
