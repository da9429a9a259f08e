using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> audit)
    {
        audit.Property(a => a.Actor).HasMaxLength(256);
        audit.Property(a => a.Action).HasMaxLength(64);
        audit.Property(a => a.HostName).HasMaxLength(63);
        audit.HasIndex(a => a.At);
        audit.HasIndex(a => new { a.HostId, a.At });
    }
}
