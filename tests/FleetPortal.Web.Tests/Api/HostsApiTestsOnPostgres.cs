using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Api;

/// <summary>Every test of <see cref="HostsApiTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class HostsApiTestsOnPostgres() : HostsApiTests(PortalFactory.OnPostgres());
