using FleetPortal.Core.Deferrals;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Notifications;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Records what an agent reports about its host's deployments. A report about a deployment of
/// another host is refused and writes nothing; repeats of a step already recorded change nothing.
/// </summary>
public sealed class DeploymentReports(IDbContextFactory<FleetDbContext> databases, IFleetNotifier notifier, TimeProvider time)
{
    private readonly AuditLog audit = new(time);

    private const int MaxLogTailLines = 50;

    /// <summary>
    /// The most reports stored at once; the rest wait their turn here, holding nothing. On SQLite each
    /// report holds a connection while it waits to write, and after a rollout to 10,000 hosts their
    /// reports held 10,000 connections and their page caches, gigabytes, until the portal ran out of
    /// memory. Eight keep the writes flowing without one waiting behind a read.
    /// </summary>
    private const int MaxReportsAtOnce = 8;

    private readonly SemaphoreSlim storing = new(MaxReportsAtOnce);

    public Task DecideAsync(AgentIdentity agent, DeploymentDecision decision) =>
        ChangeAsync(agent, decision.DeploymentId, (db, deployment, now) =>
        {
            if (IsFinished(deployment.Status) || deployment.Status == DeploymentStatus.Running)
            {
                return false;
            }

            if (decision.Kind != DecisionKind.Deferred)
            {
                deployment.DeferredUntil = null;
                Audit(db, agent, now, AuditActions.DeploymentAccepted, deployment, decision.Kind switch
                {
                    DecisionKind.Accepted => $"{Who(agent, decision)} chose \"Upgrade now\".",
                    DecisionKind.Forced => $"Installing on {agent.HostName} without asking: the deadline passed or no deferral was left.",
                    _ => $"Installing on {agent.HostName} without asking: the policy installs unattended, or nobody was logged in.",
                });
                return false;
            }

            if (CheckDeferral(deployment, decision.DeferredUntil) is { } refusal)
            {
                throw new HubException(refusal);
            }

            deployment.Status = DeploymentStatus.Deferred;
            deployment.DeferralCount++;
            deployment.DeferredUntil = decision.DeferredUntil;
            Audit(db, agent, now, AuditActions.DeploymentDeferred, deployment, $"{Who(agent, decision)} deferred the upgrade until {decision.DeferredUntil:u} ({deployment.DeferralCount} of {deployment.MaxDeferrals}).");
            return true;
        });

    public Task StartedAsync(AgentIdentity agent, DeploymentStarted started) =>
        ChangeAsync(agent, started.DeploymentId, (db, deployment, now) =>
        {
            if (IsFinished(deployment.Status) || deployment.Status == DeploymentStatus.Running)
            {
                return false;
            }

            deployment.Status = DeploymentStatus.Running;
            deployment.StartedAt = now;
            deployment.DeferredUntil = null;
            deployment.AcknowledgedAt ??= now;
            Audit(db, agent, now, AuditActions.DeploymentStarted, deployment, $"The agent of {agent.HostName} started: {started.CommandLine}");
            return true;
        });

    public async Task LogAsync(AgentIdentity agent, DeploymentLogBatch batch)
    {
        if (batch.Lines.Count > AgentProtocol.MaxLogLinesPerBatch || batch.FirstSequence < 0)
        {
            throw new HubException($"A log batch holds at most {AgentProtocol.MaxLogLinesPerBatch} lines, numbered from 0.");
        }

        if (await InTurnAsync(() => StoreLogAsync(agent, batch)) > 0)
        {
            await notifier.PublishAsync(new FleetChange(FleetChangeKind.DeploymentLog, agent.HostId, batch.DeploymentId));
        }
    }

    private async Task<int> StoreLogAsync(AgentIdentity agent, DeploymentLogBatch batch)
    {
        await using var db = await databases.CreateDbContextAsync();
        await FindAsync(db, agent, batch.DeploymentId);
        var last = batch.FirstSequence + batch.Lines.Count - 1;
        var known = await db.DeploymentLogLines
            .Where(l => l.DeploymentId == batch.DeploymentId && l.Sequence >= batch.FirstSequence && l.Sequence <= last)
            .Select(l => l.Sequence)
            .ToListAsync();
        var now = time.GetUtcNow();
        for (var i = 0; i < batch.Lines.Count; i++)
        {
            if (!known.Contains(batch.FirstSequence + i))
            {
                var text = batch.Lines[i] ?? "";
                db.DeploymentLogLines.Add(new DeploymentLogLine
                {
                    DeploymentId = batch.DeploymentId,
                    Sequence = batch.FirstSequence + i,
                    Text = text.Length <= AgentProtocol.MaxLogLineLength ? text : text[..AgentProtocol.MaxLogLineLength],
                    At = now,
                });
            }
        }

        return await db.SaveChangesAsync();
    }

    public Task ResultAsync(AgentIdentity agent, DeploymentResult result) =>
        ChangeAsync(agent, result.DeploymentId, (db, deployment, now) =>
        {
            if (deployment.Status is DeploymentStatus.Succeeded or DeploymentStatus.Failed)
            {
                return false;
            }

            deployment.Status = result.Succeeded ? DeploymentStatus.Succeeded : DeploymentStatus.Failed;
            deployment.FinishedAt = now;
            deployment.StartedAt ??= now;
            deployment.DeferredUntil = null;
            deployment.ResultGeneration = result.Generation;
            deployment.ExitCode = result.ExitCode;
            var tail = result.LogTail.TakeLast(MaxLogTailLines).ToList();
            deployment.Error = result.Succeeded
                ? null
                : (result.Error ?? "The rebuild failed.") + (tail.Count > 0 ? "\n" + string.Join('\n', tail) : "");
            if (result.Succeeded)
            {
                if (deployment.Host is { } host)
                {
                    if (deployment.Action != DeploymentAction.Rollback)
                    {
                        host.State.AppliedRevisionNumber = deployment.RevisionNumber;
                    }

                    // A switch or rollback is running now; a boot waits for the reboot (the agent's state report says).
                    if (deployment.Action != DeploymentAction.Boot && result.Generation is { } generation)
                    {
                        host.State.CurrentGeneration = generation;
                    }
                }

                Audit(db, agent, now, AuditActions.DeploymentSucceeded, deployment, $"{agent.HostName} now runs generation {result.Generation}.");
            }
            else
            {
                Audit(db, agent, now, AuditActions.DeploymentFailed, deployment, $"The rebuild on {agent.HostName} failed{(result.ExitCode is { } code ? $" with exit code {code}" : "")}: {result.Error}");
            }

            return true;
        });

    /// <summary>Null when the deployment's deferral policy allows deferring until <paramref name="until"/>, else why not.</summary>
    private string? CheckDeferral(Deployment deployment, DateTimeOffset? until) =>
        until is null
            ? "A deferral needs the time to ask again."
            : new DeferralPolicy(deployment.PromptMode, deployment.MaxDeferrals, deployment.Deadline).CheckDeferral(until.Value, deployment.DeferralCount, time);

    private static string Who(AgentIdentity agent, DeploymentDecision decision) =>
        decision.DecidedBy is { Length: > 0 } user ? Actor.AtDesk(agent.HostId, agent.HostName, user).Description : agent.ActorName;

    private static bool IsFinished(DeploymentStatus status) =>
        status is DeploymentStatus.Succeeded or DeploymentStatus.Failed or DeploymentStatus.Superseded or DeploymentStatus.Cancelled;

    /// <summary>Stores a report once one of the <see cref="MaxReportsAtOnce"/> turns is free.</summary>
    private async Task<T> InTurnAsync<T>(Func<Task<T>> store)
    {
        await storing.WaitAsync();
        try
        {
            return await store();
        }
        finally
        {
            storing.Release();
        }
    }

    private void Audit(FleetDbContext db, AgentIdentity agent, DateTimeOffset now, string action, Deployment deployment, string details) =>
        audit.Record(db, agent.Actor, action, details, new AuditSubject(agent.HostId, agent.HostName, deployment.ChangeRequestId, deployment.Id));

    private static async Task<Deployment> FindAsync(FleetDbContext db, AgentIdentity agent, Guid deploymentId)
    {
        var deployment = await db.Deployments.Include(d => d.Host).FirstOrDefaultAsync(d => d.Id == deploymentId);

        // Another host's deployment is answered exactly like an unknown one: nothing leaks.
        if (deployment is null || deployment.HostId != agent.HostId)
        {
            throw new HubException($"Deployment {deploymentId} is not a deployment of {agent.HostName}.");
        }

        return deployment;
    }

    private async Task ChangeAsync(AgentIdentity agent, Guid deploymentId, Func<FleetDbContext, Deployment, DateTimeOffset, bool> change)
    {
        var (deployment, changed) = await InTurnAsync(async () =>
        {
            await using var db = await databases.CreateDbContextAsync();
            var found = await FindAsync(db, agent, deploymentId);
            var moved = change(db, found, time.GetUtcNow());
            await db.SaveChangesAsync();
            return (found, moved);
        });

        if (!changed)
        {
            return;
        }

        await notifier.PublishAsync(new FleetChange(FleetChangeKind.DeploymentChanged, agent.HostId, deploymentId));
        if (deployment.Status == DeploymentStatus.Succeeded)
        {
            await notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, agent.HostId));
        }
    }
}
