using FleetPortal.Core.Deferrals;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Deployments;

/// <summary>
/// The deferral rules as the agent applies them: <c>auto</c> installs without asking; <c>ask</c>
/// offers "Later" while deferrals are left and the deadline is ahead, reminding sooner as it nears
/// (at most half the time left), and installs once the deadline passes or no deferral is left;
/// <c>ask-always</c> asks every time and never forces.
/// </summary>
public static class DeferralRules
{
    public static PromptPlan Plan(PromptMode mode, PromptPolicy policy, int deferralsUsed, DateTimeOffset now, TimeSpan reminder, TimeSpan tomorrow)
    {
        if (mode == PromptMode.Auto)
        {
            return new PromptPlan(DecisionKind.Unattended, "updates on this machine install without asking", null, null);
        }

        if (mode == PromptMode.AskAlways)
        {
            return new PromptPlan(null, null, now + reminder, now + tomorrow);
        }

        if (now >= policy.Deadline)
        {
            return new PromptPlan(DecisionKind.Forced, $"the deadline ({policy.Deadline.ToLocalTime():g}) has passed", null, null);
        }

        if (deferralsUsed >= policy.MaxDeferrals)
        {
            return new PromptPlan(DecisionKind.Forced, "it has been put off as often as allowed", null, null);
        }

        var left = policy.Deadline - now;
        var later = now + (reminder < left / 2 ? reminder : left / 2);
        return new PromptPlan(null, null, later, now + tomorrow <= policy.Deadline ? now + tomorrow : null);
    }
}
