namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Settings under <c>FleetPortal:Presence</c>. Everything else about presence follows from
/// <see cref="Timeout"/>, so that no host is shown online through a portal process that died for
/// longer than it: see docs/scale-out.md for the arithmetic.
/// </summary>
public sealed class PresenceOptions
{
    public const string SectionKey = "FleetPortal:Presence";

    public static readonly TimeSpan ShortestTimeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan LongestTimeout = TimeSpan.FromDays(1);

    /// <summary>The longest a host is shown online after the portal process holding its agent's connection died.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How often every process vouches for the hosts connected to it, and the silent-host sweep runs.</summary>
    public TimeSpan VouchInterval => Timeout / 6;

    /// <summary>
    /// How long a host may go without any process vouching for it before it is marked offline: three
    /// vouches missed. The rest of the timeout covers the sweep's own interval and, when the dead
    /// process was the one sweeping, its lease passing to another.
    /// </summary>
    public TimeSpan Silence => Timeout / 2;
}
