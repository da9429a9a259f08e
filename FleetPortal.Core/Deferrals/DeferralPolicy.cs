namespace FleetPortal.Core.Deferrals;

/// <summary>
/// The rules for answering "Later" to one rebuild, in the shape of Nudge's deferral rules: a
/// number of deferrals, a deadline after which it installs without asking, and reminders that
/// come more often as the deadline nears. Pure: the same policy, count and time give the same answer.
/// </summary>
public sealed record DeferralPolicy
{
    /// <summary>The longest deferral ever offered.</summary>
    public static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    /// <summary>The deferral always offered while deferring is allowed (cut short by the deadline).</summary>
    public static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    // The agent picks "until" on its own clock; the portal's may differ a little.
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    public DeferralPolicy(PromptMode mode, int maxDeferrals, DateTimeOffset deadline, ReminderSchedule? reminders = null)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentException($"Unknown prompt mode {(int)mode}.", nameof(mode));
        }

        if (maxDeferrals < 0)
        {
            throw new ArgumentException($"The number of deferrals cannot be negative ({maxDeferrals}).", nameof(maxDeferrals));
        }

        (Mode, MaxDeferrals, Deadline, Reminders) = (mode, maxDeferrals, deadline, reminders ?? ReminderSchedule.Default);
    }

    public PromptMode Mode { get; }

    public int MaxDeferrals { get; }

    public DateTimeOffset Deadline { get; }

    public ReminderSchedule Reminders { get; }

    /// <summary>What to do now with a rebuild that is ready, after <paramref name="deferralsSoFar"/> "Later" answers.</summary>
    public DeferralDecision Decide(int deferralsSoFar, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deferralsSoFar);
        var now = time.GetUtcNow();
        return Mode switch
        {
            PromptMode.Auto => Install(DeferralVerdict.InstallWithoutAsking, "This machine installs updates without asking."),
            PromptMode.AskAlways => Ask(now, "You may install the update now or later.", [Choice(now, OneHour), Choice(now, OneDay)], deferralsLeft: null, deadline: null),
            _ when now >= Deadline => Install(DeferralVerdict.InstallNow, $"The deadline for this update ({InWords(Deadline)}) has been reached."),
            _ when deferralsSoFar >= MaxDeferrals => Install(DeferralVerdict.InstallNow, MaxDeferrals == 0
                ? "This update cannot be postponed."
                : $"This update has been postponed {MaxDeferrals} {Times(MaxDeferrals)}, the most allowed."),
            _ => Ask(now, $"You may postpone this update {MaxDeferrals - deferralsSoFar} more {Times(MaxDeferrals - deferralsSoFar)}; it installs by {InWords(Deadline)}.", ChoicesBefore(now), MaxDeferrals - deferralsSoFar, Deadline),
        };
    }

    /// <summary>
    /// Null when "Later, until <paramref name="until"/>" may be accepted now, else why not in words.
    /// The portal calls this for every deferral an agent reports.
    /// </summary>
    public string? CheckDeferral(DateTimeOffset until, int deferralsSoFar, TimeProvider time)
    {
        var decision = Decide(deferralsSoFar, time);
        var now = time.GetUtcNow();
        if (!decision.MayDefer)
        {
            return decision.Reason;
        }

        if (until <= now)
        {
            return $"A deferral must end in the future; {InWords(until)} has passed.";
        }

        if (decision.Deadline is { } deadline && until > deadline)
        {
            return $"A deferral cannot end after the deadline ({InWords(deadline)}); {InWords(until)} does.";
        }

        return until > now + OneDay + ClockSkewAllowance
            ? $"A deferral lasts at most one day; {InWords(until)} is further away."
            : null;
    }

    // One hour always (cut at the deadline); one day only while more than a day remains.
    private List<DeferralChoice> ChoicesBefore(DateTimeOffset now)
    {
        var choices = new List<DeferralChoice> { Choice(now, Deadline - now < OneHour ? Deadline - now : OneHour) };
        if (Deadline - now > OneDay)
        {
            choices.Add(Choice(now, OneDay));
        }

        return choices;
    }

    private DeferralDecision Ask(DateTimeOffset now, string reason, List<DeferralChoice> choices, int? deferralsLeft, DateTimeOffset? deadline)
    {
        var remindAt = now + Reminders.IntervalFor(Deadline - now);
        if (deadline is { } forced && remindAt > forced)
        {
            remindAt = forced;
        }

        return new DeferralDecision(DeferralVerdict.Ask, reason, choices, deferralsLeft, deadline, remindAt);
    }

    private DeferralDecision Install(DeferralVerdict verdict, string reason) =>
        new(verdict, reason, [], DeferralsLeft: 0, Deadline: null, RemindAt: null);

    private static DeferralChoice Choice(DateTimeOffset now, TimeSpan length) => new(length, now + length);

    private static string InWords(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Times(int count) => count == 1 ? "time" : "times";
}
