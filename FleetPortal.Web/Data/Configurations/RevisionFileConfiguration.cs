using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class RevisionFileConfiguration : IEntityTypeConfiguration<RevisionFile>
{
    public void Configure(EntityTypeBuilder<RevisionFile> file)
    {
        file.Property(f => f.Path).HasMaxLength(200);
        file.HasIndex(f => new { f.RevisionId, f.Path }).IsUnique();
    }
}
