using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Families;

/// <summary>The families the actor may see: all for support, their own for a family admin.</summary>
public sealed class FamilyQueries(IDbContextFactory<FleetDbContext> dbFactory)
{
    public async Task<IReadOnlyList<FamilySummary>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var families = db.Families.AsNoTracking();
        if (!actor.IsSupport)
        {
            var ids = actor.Kind == ActorKind.PortalUser ? actor.FamilyIds.ToList() : [];
            families = families.Where(f => ids.Contains(f.Id));
        }

        var list = await families.OrderBy(f => f.Name)
            .Select(f => new { f.Id, f.Name, f.RequiresSecondApprover, f.PromptMode, f.MaxDeferrals, f.DeferralDeadline, HostCount = f.Hosts.Count })
            .ToListAsync(cancellationToken);
        return list.Select(f => new FamilySummary(f.Id, f.Name, f.RequiresSecondApprover, f.PromptMode, f.MaxDeferrals, f.DeferralDeadline, f.HostCount)).ToList();
    }
}
