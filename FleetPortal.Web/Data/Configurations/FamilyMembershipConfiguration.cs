using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class FamilyMembershipConfiguration : IEntityTypeConfiguration<FamilyMembership>
{
    public void Configure(EntityTypeBuilder<FamilyMembership> membership)
    {
        membership.HasKey(m => new { m.UserId, m.FamilyId });
        membership.HasOne(m => m.User).WithMany(u => u.Families).HasForeignKey(m => m.UserId);
        membership.HasOne(m => m.Family).WithMany(f => f.Members).HasForeignKey(m => m.FamilyId);
    }
}
