using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Hubs;

/// <summary>Every test of <see cref="AgentHelloBatchTests"/>, on PostgreSQL.</summary>
[RequiresServers]
[Trait("Database", "Postgres")]
public sealed class AgentHelloBatchTestsOnPostgres() : AgentHelloBatchTests(onPostgres: true);
