using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> token)
    {
        token.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId);
        token.Property(t => t.Name).HasMaxLength(100);
        token.Property(t => t.TokenHash).HasMaxLength(64);
        token.Property(t => t.Prefix).HasMaxLength(16);
        token.HasIndex(t => t.TokenHash).IsUnique();
    }
}
