using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Hubs;

/// <summary>Every test of <see cref="AgentHubDeliveryTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class AgentHubDeliveryTestsOnPostgres() : AgentHubDeliveryTests(PortalFactory.OnPostgres());
