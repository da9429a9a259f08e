using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class AgentCredentialConfiguration : IEntityTypeConfiguration<AgentCredential>
{
    public void Configure(EntityTypeBuilder<AgentCredential> credential)
    {
        credential.HasOne(c => c.Host).WithMany().HasForeignKey(c => c.HostId);
        credential.Property(c => c.TokenHash).HasMaxLength(64);
        credential.HasIndex(c => c.TokenHash).IsUnique();
    }
}
