namespace FleetPortal.Core.Deferrals;

/// <summary>
/// One "Later" button of the upgrade prompt. When the person picks it, the agent sends
/// <see cref="Until"/> to the portal, which checks it with <see cref="DeferralPolicy.CheckDeferral"/>.
/// </summary>
/// <param name="Length">How long it defers; shorter than the nominal hour when the deadline is nearer.</param>
/// <param name="Until">When the rebuild is due again.</param>
public sealed record DeferralChoice(TimeSpan Length, DateTimeOffset Until)
{
    /// <summary>The button's words, e.g. "1 hour", "1 day", "25 minutes".</summary>
    public string Label => Length switch
    {
        _ when Length == TimeSpan.FromDays(1) => "1 day",
        _ when Length == TimeSpan.FromHours(1) => "1 hour",
        _ when Length < TimeSpan.FromMinutes(2) => Length < TimeSpan.FromMinutes(1) ? "less than a minute" : "1 minute",
        _ => $"{(int)Length.TotalMinutes} minutes",
    };
}
