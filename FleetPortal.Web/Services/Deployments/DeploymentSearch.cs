using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Paging;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>All deployments the actor may see, newest first, a page at a time: the deployments page, and a rollout's in the API.</summary>
public sealed class DeploymentSearch(IDbContextFactory<FleetDbContext> dbFactory)
{
    public async Task<PagedList<DeploymentSummary>> ListAsync(Actor actor, DeploymentFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var paging = PageRequest.Checked(page, pageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visible = db.Hosts.Where(FleetAccess.VisibleHosts(actor));
        var deployments = db.Deployments.AsNoTracking().Where(d => visible.Any(h => h.Id == d.HostId));
        if (filter.Status is { } status)
        {
            deployments = deployments.Where(d => d.Status == status);
        }

        if (filter.Rollout is { } rollout)
        {
            deployments = deployments.Where(d => d.RolloutEventId == rollout);
        }

        if (!string.IsNullOrWhiteSpace(filter.Host))
        {
            var host = filter.Host.Trim();
            deployments = deployments.Where(d => d.Host!.Name.Contains(host));
        }

        var total = await deployments.CountAsync(cancellationToken);
        var rows = await deployments.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(d => new { Deployment = d, HostName = d.Host!.Name })
            .ToListAsync(cancellationToken);
        var items = rows.Select(r => DeploymentProjections.Summary(r.Deployment, r.HostName)).ToList();
        return new PagedList<DeploymentSummary>(items, paging.Page, paging.PageSize, total);
    }
}
