using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Api;

/// <summary>Every test of <see cref="ChangesApiTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class ChangesApiTestsOnPostgres() : ChangesApiTests(PortalFactory.OnPostgres());
