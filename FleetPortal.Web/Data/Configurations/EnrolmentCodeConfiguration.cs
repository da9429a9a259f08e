using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class EnrolmentCodeConfiguration : IEntityTypeConfiguration<EnrolmentCode>
{
    public void Configure(EntityTypeBuilder<EnrolmentCode> code)
    {
        code.Property(c => c.HostName).HasMaxLength(63);
        code.Property(c => c.CodeHash).HasMaxLength(64);
        code.HasIndex(c => c.CodeHash).IsUnique();
        code.HasIndex(c => c.ExpiresAt);
        code.Property(c => c.CreatedBy).HasMaxLength(256);
    }
}
