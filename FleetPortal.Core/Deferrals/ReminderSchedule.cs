namespace FleetPortal.Core.Deferrals;

/// <summary>
/// How often an unanswered upgrade prompt comes back, shortening as the deadline nears, in the
/// shape of Nudge's refresh cycles: <see cref="Initial"/> while more than
/// <see cref="ApproachingWindow"/> remains, <see cref="Approaching"/> inside it,
/// <see cref="Imminent"/> inside <see cref="ImminentWindow"/>, <see cref="Elapsed"/> once the
/// deadline has passed (only a policy that never forces gets that far).
/// </summary>
public sealed record ReminderSchedule
{
    public ReminderSchedule(TimeSpan initial, TimeSpan approachingWindow, TimeSpan approaching, TimeSpan imminentWindow, TimeSpan imminent, TimeSpan elapsed)
    {
        if (new[] { initial, approachingWindow, approaching, imminentWindow, imminent, elapsed }.Any(t => t <= TimeSpan.Zero))
        {
            throw new ArgumentException("Every reminder interval and window must be longer than zero.");
        }

        if (imminentWindow >= approachingWindow)
        {
            throw new ArgumentException($"The imminent window ({imminentWindow}) must be shorter than the approaching window ({approachingWindow}).");
        }

        if (!(initial >= approaching && approaching >= imminent && imminent >= elapsed))
        {
            throw new ArgumentException("Reminders must come at least as often as the deadline nears: initial >= approaching >= imminent >= elapsed.");
        }

        (Initial, ApproachingWindow, Approaching, ImminentWindow, Imminent, Elapsed) =
            (initial, approachingWindow, approaching, imminentWindow, imminent, elapsed);
    }

    /// <summary>Nudge's defaults: every 5 h, every 100 min inside 72 h, every 10 min inside 24 h, every 5 min after.</summary>
    public static ReminderSchedule Default { get; } = new(
        initial: TimeSpan.FromHours(5),
        approachingWindow: TimeSpan.FromHours(72),
        approaching: TimeSpan.FromMinutes(100),
        imminentWindow: TimeSpan.FromHours(24),
        imminent: TimeSpan.FromMinutes(10),
        elapsed: TimeSpan.FromMinutes(5));

    public TimeSpan Initial { get; }

    public TimeSpan ApproachingWindow { get; }

    public TimeSpan Approaching { get; }

    public TimeSpan ImminentWindow { get; }

    public TimeSpan Imminent { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>The interval between reminders when <paramref name="untilDeadline"/> is left.</summary>
    public TimeSpan IntervalFor(TimeSpan untilDeadline) => untilDeadline switch
    {
        _ when untilDeadline <= TimeSpan.Zero => Elapsed,
        _ when untilDeadline <= ImminentWindow => Imminent,
        _ when untilDeadline <= ApproachingWindow => Approaching,
        _ => Initial,
    };
}
