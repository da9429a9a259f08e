using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FleetPortal.Web.Data;

/// <summary>
/// Identity and the fleet in one database: SQLite by default. Each other provider has a subclass
/// (<see cref="PostgresFleetDbContext"/>) only so that it keeps a migrations set of its own.
/// </summary>
public class FleetDbContext : IdentityDbContext<PortalUser>, IDataProtectionKeyContext
{
    public FleetDbContext(DbContextOptions<FleetDbContext> options)
        : base(options)
    {
    }

    protected FleetDbContext(DbContextOptions options)
        : base(options)
    {
    }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        // SQLite (this very type; each other provider has a subclass): one write at a time, queued
        // without a thread. Added here, after every interceptor given with the options, so that one
        // holding transactions at their start (a test making a race certain) does so before they queue.
        if (GetType() == typeof(FleetDbContext))
        {
            var relational = RelationalOptionsExtension.Extract(optionsBuilder.Options);
            optionsBuilder.AddInterceptors(SqliteWriteGate.Of(relational.ConnectionString ?? relational.Connection?.ConnectionString));
        }
    }

    public DbSet<Family> Families => Set<Family>();

    public DbSet<FamilyMembership> FamilyMemberships => Set<FamilyMembership>();

    public DbSet<Host> Hosts => Set<Host>();

    public DbSet<Revision> Revisions => Set<Revision>();

    public DbSet<RevisionFile> RevisionFiles => Set<RevisionFile>();

    public DbSet<ChangeRequest> ChangeRequests => Set<ChangeRequest>();

    public DbSet<ChangeOperation> ChangeOperations => Set<ChangeOperation>();

    public DbSet<Deployment> Deployments => Set<Deployment>();

    public DbSet<DeploymentLogLine> DeploymentLogLines => Set<DeploymentLogLine>();

    public DbSet<EnrolmentCode> EnrolmentCodes => Set<EnrolmentCode>();

    public DbSet<AgentCredential> AgentCredentials => Set<AgentCredential>();

    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<CatalogPackage> CatalogPackages => Set<CatalogPackage>();

    public DbSet<CatalogImport> CatalogImports => Set<CatalogImport>();

    /// <summary>Who runs each piece of periodic work, so it runs in one process at a time.</summary>
    public DbSet<JobLease> JobLeases => Set<JobLease>();

    /// <summary>Data-protection keys, shared by every portal process so cookies work whichever answers.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FleetDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);

        // SQLite cannot compare or sort DateTimeOffset; stored as ordered 64-bit numbers it can.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}
