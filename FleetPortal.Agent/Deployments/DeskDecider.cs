using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.Local;
using FleetPortal.Agent.State;
using FleetPortal.Core.Deferrals;
using FleetPortal.Core.Protocol;
using Microsoft.Extensions.Logging;

namespace FleetPortal.Agent.Deployments;

/// <summary>
/// Decides when a ready deployment installs: by the deployment's <see cref="DeferralPolicy"/> (as
/// this machine's own prompt policy adjusts it), asking the person at the desk through the
/// listening prompts when the policy says to ask.
/// </summary>
public sealed class DeskDecider(AgentOptions options, LocalSocketServer desk, TimeProvider time, ILogger<DeskDecider> logger)
{
    /// <summary>The decision, or null when nobody answered in time (ask again).</summary>
    public async Task<DeploymentDecision?> DecideAsync(PendingDeployment pending, CancellationToken cancellationToken)
    {
        var request = pending.Request;
        var mode = LocalPromptPolicy.Effective(options.PromptPolicy, request.Prompt.Mode);
        var policy = new DeferralPolicy(mode, request.Prompt.MaxDeferrals, request.Prompt.Deadline);
        var decision = policy.Decide(pending.DeferralsUsed, time);
        switch (decision.Verdict)
        {
            case DeferralVerdict.InstallWithoutAsking:
                return new DeploymentDecision(request.DeploymentId, DecisionKind.Unattended, null, null);
            case DeferralVerdict.InstallNow:
                await desk.NoticeAsync($"Installing the update now ({request.Summary}). {decision.Reason}");
                return new DeploymentDecision(request.DeploymentId, DecisionKind.Forced, null, null);
        }

        if (desk.ListenerCount == 0 && mode != PromptMode.AskAlways)
        {
            logger.LogInformation("Nobody is logged in to ask; installing deployment {DeploymentId}", request.DeploymentId);
            return new DeploymentDecision(request.DeploymentId, DecisionKind.Unattended, null, null);
        }

        // "Later" is the policy's shortest deferral, "Tomorrow" its day-long one while it offers it.
        var now = time.GetUtcNow();
        var choices = new List<string> { LocalChoices.Now };
        if (decision.Choices.Count > 0)
        {
            choices.Add(LocalChoices.Later);
        }

        if (decision.Choices.Count > 1)
        {
            choices.Add(LocalChoices.Tomorrow);
        }

        var question = new LocalMessage("ask")
        {
            DeploymentId = request.DeploymentId,
            Summary = request.Summary,
            Choices = choices,
            Deadline = decision.Deadline,
            Text = decision.Reason,
        };
        var answer = await desk.AskAsync(question, Capped(decision.RemindAt ?? now + options.ReminderInterval, now) - now, cancellationToken);
        if (answer is not ({ } chosen, var user))
        {
            return null;
        }

        if (chosen == LocalChoices.Now)
        {
            return new DeploymentDecision(request.DeploymentId, DecisionKind.Accepted, null, user);
        }

        // A deferral counts from the answer, which may come long after the question.
        var answered = policy.Decide(pending.DeferralsUsed, time);
        if (!answered.MayDefer)
        {
            await desk.NoticeAsync($"Installing the update now ({request.Summary}). {answered.Reason}");
            return new DeploymentDecision(request.DeploymentId, DecisionKind.Forced, null, user);
        }

        var at = time.GetUtcNow();
        var until = chosen == LocalChoices.Tomorrow ? answered.Choices[^1].Until : answered.Choices[0].Until;
        return new DeploymentDecision(request.DeploymentId, DecisionKind.Deferred, Capped(until, at), user);
    }

    // Asking again sooner than the policy requires is always allowed.
    private DateTimeOffset Capped(DateTimeOffset until, DateTimeOffset now) =>
        until - now > options.ReminderInterval ? now + options.ReminderInterval : until;
}
