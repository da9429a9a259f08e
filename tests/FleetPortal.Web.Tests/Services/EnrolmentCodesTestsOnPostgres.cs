using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Services;

/// <summary>Every test of <see cref="EnrolmentCodesTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class EnrolmentCodesTestsOnPostgres() : EnrolmentCodesTests(PortalFactory.OnPostgres());
