using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Access;

/// <summary>
/// Who is acting: a portal user with their roles and families, a host's agent, or the person at a
/// host's desk. Built once per request or circuit by <see cref="ActorResolver"/>; every service
/// takes it and checks <see cref="FleetAccess"/> itself.
/// </summary>
public sealed record Actor
{
    private Actor(ActorKind kind, string displayName)
    {
        Kind = kind;
        DisplayName = displayName;
    }

    public ActorKind Kind { get; }

    /// <summary>The portal user's id; null for an agent or the desk.</summary>
    public string? UserId { get; private init; }

    public string DisplayName { get; }

    public IReadOnlySet<string> Roles { get; private init; } = new HashSet<string>();

    /// <summary>The families a family admin looks after.</summary>
    public IReadOnlySet<int> FamilyIds { get; private init; } = new HashSet<int>();

    /// <summary>The host an agent or a person at the desk speaks for.</summary>
    public int? HostId { get; private init; }

    public string? HostName { get; private init; }

    /// <summary>The local user name of the person at the desk.</summary>
    public string? LocalUserName { get; private init; }

    public bool IsSupport => Kind == ActorKind.PortalUser && Roles.Contains(Data.Roles.Support);

    public bool IsFamilyAdmin => Kind == ActorKind.PortalUser && Roles.Contains(Data.Roles.FamilyAdmin);

    /// <summary>Who acted, in words, as the audit log and the history show it.</summary>
    public string Description => Kind switch
    {
        ActorKind.Agent => $"agent of {HostName}",
        ActorKind.Desk => $"{LocalUserName} at {HostName}",
        _ => DisplayName,
    };

    /// <summary>The portal itself, as the audit log names it for its periodic work; it may see and do nothing else.</summary>
    public static readonly Actor Portal = new(ActorKind.Portal, "FleetPortal");

    public static Actor ForUser(string userId, string displayName, IEnumerable<string> roles, IEnumerable<int> familyIds) =>
        new(ActorKind.PortalUser, displayName)
        {
            UserId = userId,
            Roles = roles.ToHashSet(StringComparer.Ordinal),
            FamilyIds = familyIds.ToHashSet(),
        };

    public static Actor ForAgent(int hostId, string hostName) =>
        new(ActorKind.Agent, $"agent of {hostName}") { HostId = hostId, HostName = hostName };

    public static Actor AtDesk(int hostId, string hostName, string localUserName) =>
        new(ActorKind.Desk, localUserName) { HostId = hostId, HostName = hostName, LocalUserName = localUserName };
}
