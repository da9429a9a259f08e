using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class HostConfiguration : IEntityTypeConfiguration<Host>
{
    public void Configure(EntityTypeBuilder<Host> host)
    {
        host.Property(h => h.Name).HasMaxLength(63);
        host.HasIndex(h => h.Name).IsUnique();
        host.HasOne(h => h.Family).WithMany(f => f.Hosts).HasForeignKey(h => h.FamilyId).OnDelete(DeleteBehavior.SetNull);
        host.Property(h => h.ConfigurationVersion).IsConcurrencyToken();
        host.ComplexProperty(h => h.State, state =>
        {
            state.Property(s => s.NixosVersion).HasMaxLength(100);
            state.Property(s => s.AgentVersion).HasMaxLength(50);
        });
    }
}
