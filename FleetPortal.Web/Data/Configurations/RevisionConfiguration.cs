using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class RevisionConfiguration : IEntityTypeConfiguration<Revision>
{
    public void Configure(EntityTypeBuilder<Revision> revision)
    {
        revision.HasIndex(r => new { r.HostId, r.Number }).IsUnique();
        revision.HasOne(r => r.Host).WithMany(h => h.Revisions).HasForeignKey(r => r.HostId);
        revision.HasMany(r => r.Files).WithOne().HasForeignKey(f => f.RevisionId);
        revision.Property(r => r.ContentHash).HasMaxLength(64);
        revision.Property(r => r.CreatedBy).HasMaxLength(256);
    }
}
