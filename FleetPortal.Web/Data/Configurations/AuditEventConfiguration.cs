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

        // The rollouts, newest first: a few events among the hundreds of thousands a fleet's rollouts
        // write, found without reading those. Partial, so the other events' inserts do not pay for it.
        audit.HasIndex(a => a.Id, "IX_AuditEvents_Rollouts").HasFilter("\"Action\" = 'rollout.created'");
    }
}
