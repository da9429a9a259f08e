using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class FamilyConfiguration : IEntityTypeConfiguration<Family>
{
    public void Configure(EntityTypeBuilder<Family> family)
    {
        family.Property(f => f.Name).HasMaxLength(100);
        family.HasIndex(f => f.Name).IsUnique();
    }
}
