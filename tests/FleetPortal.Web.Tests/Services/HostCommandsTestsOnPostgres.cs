using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Services;

/// <summary>Every test of <see cref="HostCommandsTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class HostCommandsTestsOnPostgres() : HostCommandsTests(PortalFactory.OnPostgres());
