using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Hosts;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// The hosts one command acts on at once: a family's, or those named. What a rollout deploys to,
/// and what a cancellation stops the deployments of.
/// </summary>
public sealed class HostSelection
{
    /// <summary>The most hosts one command names.</summary>
    public const int MaxHosts = 20_000;

    private readonly Family? family;
    private readonly HashSet<string>? names;
    private readonly List<string>? nameList;

    private HostSelection(Family? family, HashSet<string>? names)
    {
        this.family = family;
        this.names = names;
        nameList = names?.ToList();
    }

    /// <summary>Checks what was asked for and finds the family; refuses with what is wrong before anything is read or written.</summary>
    public static async Task<HostSelection> ResolveAsync(FleetDbContext db, int? familyId, IReadOnlyList<string>? hostNames, string what, CancellationToken cancellationToken)
    {
        if ((familyId is null) == (hostNames is null or { Count: 0 }))
        {
            throw new InvalidInputFailure("familyId", "Give either a family (familyId) or a list of hostnames (hosts), not both.");
        }

        if (hostNames is { Count: > MaxHosts })
        {
            throw new InvalidInputFailure("hosts", $"{what} names at most {MaxHosts} hosts; this one names {hostNames.Count}.");
        }

        var family = familyId is int id ? await HostCommands.FindFamilyAsync(db, id, cancellationToken) : null;
        return new HostSelection(family, hostNames?.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The selected hosts in <paramref name="db"/>: a query, so it can be run on another connection too.</summary>
    public IQueryable<Host> In(FleetDbContext db) => family is not null
        ? db.Hosts.Where(h => h.FamilyId == family.Id)
        : db.Hosts.Where(h => nameList!.Contains(h.Name));

    /// <summary>How many hosts the selection can hold at most: as many as are named, or the family's.</summary>
    public async Task<int> CountAtMostAsync(FleetDbContext db, CancellationToken cancellationToken) =>
        names?.Count ?? await In(db).CountAsync(cancellationToken);

    /// <summary>
    /// The hosts found, in words for the audit log: "the 120 hosts of family Smith", "3 hosts
    /// (alice-laptop, ...)", or "12 hosts in 3 families". A family admin sees the event when it
    /// reached one of their hosts, so it names hosts only when they are all of one family (or of none).
    /// </summary>
    public string Describe(IReadOnlyList<RolloutHost> hosts)
    {
        if (family is not null)
        {
            return hosts.Count == 1 ? $"the one host of family {family.Name}" : $"the {hosts.Count} hosts of family {family.Name}";
        }

        var families = hosts.Select(h => h.FamilyId).Distinct().Count();
        if (families > 1)
        {
            return $"{hosts.Count} hosts in {families} families";
        }

        const int named = 5;
        var first = string.Join(", ", hosts.Take(named).Select(h => h.Name));
        var more = hosts.Count > named ? $" and {hosts.Count - named} more" : "";
        return hosts.Count == 1 ? $"1 host ({first})" : $"{hosts.Count} hosts ({first}{more})";
    }

    /// <summary>
    /// Refuses unless the hosts found are all that was asked for (a family with none, or a name
    /// that is no host's) and <paramref name="actor"/> may see and deploy to every one of them:
    /// a command acts on all of them or on none.
    /// </summary>
    public void CheckAll(Actor actor, IReadOnlyList<RolloutHost> hosts, string purpose)
    {
        if (family is not null && hosts.Count == 0)
        {
            throw new InvalidInputFailure("familyId", $"The family {family.Name} has no hosts {purpose}.");
        }

        var unknown = names?.Except(hosts.Select(h => h.Name)).Order(StringComparer.Ordinal).Take(5).ToList() ?? [];
        if (unknown.Count > 0)
        {
            throw new NotFoundFailure($"There is no host named {string.Join(", ", unknown)}.");
        }

        foreach (var host in hosts)
        {
            HostQueries.CheckVisible(actor, host.Id, host.Name, host.FamilyId);
            if (!FleetAccess.CanDeploy(actor, host.FamilyId))
            {
                throw new AccessDeniedFailure($"Only support staff or an admin of its family may deploy to {host.Name}.");
            }
        }
    }
}
