using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Api;

/// <summary>Every test of <see cref="RolloutsApiTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class RolloutsApiTestsOnPostgres() : RolloutsApiTests(PortalFactory.OnPostgres());
