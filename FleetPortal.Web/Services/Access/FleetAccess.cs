using System.Linq.Expressions;
using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Access;

/// <summary>
/// The rules of who may do what. Support: everything. A family admin: see, change, decide,
/// redeploy and roll back the hosts of their own families only. An agent or the person at the
/// desk: only their own host, and the desk only asks for packages. Services enforce these; pages
/// and the API use them only to hide what is not allowed.
/// </summary>
public static class FleetAccess
{
    public static bool CanSeeHost(Actor actor, int hostId, int? familyId) =>
        actor.Kind switch
        {
            ActorKind.PortalUser => IsResponsibleFor(actor, familyId),
            _ => actor.HostId == hostId,
        };

    /// <summary>Hosts the actor may see, as a filter the database runs.</summary>
    public static Expression<Func<Host, bool>> VisibleHosts(Actor actor)
    {
        if (actor.IsSupport)
        {
            return host => true;
        }

        if (actor.Kind != ActorKind.PortalUser)
        {
            var hostId = actor.HostId ?? -1;
            return host => host.Id == hostId;
        }

        if (!actor.IsFamilyAdmin || actor.FamilyIds.Count == 0)
        {
            return host => false;
        }

        var familyIds = actor.FamilyIds.ToList();
        return host => host.FamilyId != null && familyIds.Contains(host.FamilyId.Value);
    }

    /// <summary>Propose changes to a host's packages and files in the portal or through the API.</summary>
    public static bool CanEditHost(Actor actor, int? familyId) =>
        actor.Kind == ActorKind.PortalUser && IsResponsibleFor(actor, familyId);

    /// <summary>Ask for a package from the desk of <paramref name="hostId"/>.</summary>
    public static bool CanRequestAtDesk(Actor actor, int hostId) =>
        actor.Kind == ActorKind.Desk && actor.HostId == hostId;

    /// <summary>Approve or reject changes of a host in this family (the second-approver rule aside, see <see cref="WhyNotDecide"/>).</summary>
    public static bool CanDecide(Actor actor, int? familyId) =>
        actor.Kind == ActorKind.PortalUser && IsResponsibleFor(actor, familyId);

    /// <summary>Null when the actor may approve this change, else why not, in a sentence.</summary>
    public static string? WhyNotDecide(Actor actor, int? familyId, bool familyRequiresSecondApprover, string? authorUserId)
    {
        if (!CanDecide(actor, familyId))
        {
            return actor.Kind == ActorKind.PortalUser
                ? "Only support staff or an admin of this host's family may decide its changes."
                : "Changes are decided in the portal, not from a host.";
        }

        if (familyRequiresSecondApprover && authorUserId is not null && authorUserId == actor.UserId)
        {
            return "This family requires a second person: the author of a change cannot approve it.";
        }

        return null;
    }

    /// <summary>Withdraw an open change: its author, the desk that asked for it, or someone who may decide it.</summary>
    public static bool CanWithdraw(Actor actor, int hostId, int? familyId, string? authorUserId, ChangeKind kind) =>
        (authorUserId is not null && authorUserId == actor.UserId)
        || (kind == ChangeKind.DeskRequest && CanRequestAtDesk(actor, hostId))
        || CanDecide(actor, familyId);

    /// <summary>Redeploy a revision or roll a host back to an earlier generation.</summary>
    public static bool CanDeploy(Actor actor, int? familyId) =>
        actor.Kind == ActorKind.PortalUser && IsResponsibleFor(actor, familyId);

    /// <summary>Create hosts and families, move hosts between families, make enrolment codes.</summary>
    public static bool CanManageFleet(Actor actor) => actor.IsSupport;

    private static bool IsResponsibleFor(Actor actor, int? familyId) =>
        actor.IsSupport || (actor.IsFamilyAdmin && familyId is int id && actor.FamilyIds.Contains(id));
}
