using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class ChangeOperationConfiguration : IEntityTypeConfiguration<ChangeOperation>
{
    public void Configure(EntityTypeBuilder<ChangeOperation> operation)
    {
        operation.Property(o => o.Package).HasMaxLength(200);
        operation.Property(o => o.FilePath).HasMaxLength(200);
        operation.Property(o => o.BaseContentHash).HasMaxLength(64);
    }
}
