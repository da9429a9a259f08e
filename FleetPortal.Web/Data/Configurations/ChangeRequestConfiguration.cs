using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class ChangeRequestConfiguration : IEntityTypeConfiguration<ChangeRequest>
{
    public void Configure(EntityTypeBuilder<ChangeRequest> change)
    {
        change.HasOne(c => c.Host).WithMany().HasForeignKey(c => c.HostId);
        change.HasMany(c => c.Operations).WithOne().HasForeignKey(o => o.ChangeRequestId);
        change.HasIndex(c => new { c.Status, c.HostId });
        change.Property(c => c.AuthorName).HasMaxLength(256);
        change.Property(c => c.DeciderName).HasMaxLength(256);
        change.Property(c => c.Reason).HasMaxLength(2000);
        change.Property(c => c.DecisionComment).HasMaxLength(2000);
    }
}
