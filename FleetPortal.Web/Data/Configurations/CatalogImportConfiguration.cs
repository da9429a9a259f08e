using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class CatalogImportConfiguration : IEntityTypeConfiguration<CatalogImport>
{
    public void Configure(EntityTypeBuilder<CatalogImport> import)
    {
        import.Property(i => i.ImportedBy).HasMaxLength(256);
    }
}
