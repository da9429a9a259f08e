using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> deployment)
    {
        deployment.HasOne(d => d.Host).WithMany().HasForeignKey(d => d.HostId);
        deployment.HasMany(d => d.LogLines).WithOne().HasForeignKey(l => l.DeploymentId);
        deployment.HasIndex(d => new { d.HostId, d.Status });
        deployment.HasIndex(d => new { d.Status, d.CreatedAt });
        deployment.HasIndex(d => d.Deadline);
        deployment.Property(d => d.RequestedBy).HasMaxLength(256);
    }
}
