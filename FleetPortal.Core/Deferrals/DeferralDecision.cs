namespace FleetPortal.Core.Deferrals;

/// <summary>
/// The answer of <see cref="DeferralPolicy.Decide"/>: everything the agent needs to build the
/// desktop prompt.
/// </summary>
/// <param name="Verdict">Ask, or install now (with or without telling the person).</param>
/// <param name="Reason">Why, in words the person at the desk can read.</param>
/// <param name="Choices">The "Later" buttons, shortest first; empty unless the verdict is <see cref="DeferralVerdict.Ask"/>.</param>
/// <param name="DeferralsLeft">How many more times "Later" may be answered; null when there is no limit.</param>
/// <param name="Deadline">When it installs without asking; null when the policy never forces.</param>
/// <param name="RemindAt">When to ask again if the prompt goes unanswered; null unless asking.</param>
public sealed record DeferralDecision(
    DeferralVerdict Verdict,
    string Reason,
    IReadOnlyList<DeferralChoice> Choices,
    int? DeferralsLeft,
    DateTimeOffset? Deadline,
    DateTimeOffset? RemindAt)
{
    public bool MayDefer => Choices.Count > 0;
}
