using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetPortal.Web.Data.Configurations;

internal sealed class DeploymentLogLineConfiguration : IEntityTypeConfiguration<DeploymentLogLine>
{
    public void Configure(EntityTypeBuilder<DeploymentLogLine> line)
    {
        line.HasIndex(l => new { l.DeploymentId, l.Sequence }).IsUnique();
    }
}
