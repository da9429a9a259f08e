using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Data;

/// <summary>
/// The fleet database on PostgreSQL. The same model as <see cref="FleetDbContext"/>; a type of its
/// own because EF Core keys a migrations set by context type, and each provider needs its own set.
/// </summary>
public sealed class PostgresFleetDbContext(DbContextOptions<PostgresFleetDbContext> options) : FleetDbContext(options);
