using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Api;

/// <summary>Every test of <see cref="RolloutProgressApiTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class RolloutProgressApiTestsOnPostgres() : RolloutProgressApiTests(PortalFactory.OnPostgres());
