using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class CatalogPackageConfiguration : IEntityTypeConfiguration<CatalogPackage>
{
    public void Configure(EntityTypeBuilder<CatalogPackage> package)
    {
        package.HasKey(p => p.AttrPath);
        package.Property(p => p.AttrPath).HasMaxLength(200);
        package.Property(p => p.Name).HasMaxLength(200);
        package.Property(p => p.Version).HasMaxLength(100);
        package.Property(p => p.Description).HasMaxLength(1000);
    }
}
