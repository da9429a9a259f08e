using FleetPortal.Core.Deferrals;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Notifications;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Records what an agent reports about its host's deployments. A report about a deployment of
/// another host is refused and writes nothing; repeats of a step already recorded change nothing.
/// Reports are stored in batches (<see cref="CallBatches{TCall, TResult}"/>): after a rollout to
/// 10,000 hosts each agent decides, starts, logs and finishes within seconds of the others, and a
/// transaction per report kept the portal's CPU busy for a minute with little else than opening
/// contexts, looking up one deployment and committing. Each report of a batch is applied in the
/// order it came, so one agent's steps land in the order it made them.
/// </summary>
public sealed class DeploymentReports(
    IDbContextFactory<FleetDbContext> databases,
    IFleetNotifier notifier,
    TimeProvider time,
    ILogger<DeploymentReports> logger) : BackgroundService
{
    private const int MaxLogTailLines = 50;

    private readonly CallBatches<Report, bool> batches =
        new("The report could not be stored; try again in a moment.", logger);

    public Task DecideAsync(AgentIdentity agent, DeploymentDecision decision) =>
        batches.EnqueueAsync(new Report(agent, decision.DeploymentId, FleetChangeKind.DeploymentChanged, (batch, deployment) =>
        {
            if (IsFinished(deployment.Status) || deployment.Status == DeploymentStatus.Running)
            {
                return false;
            }

            if (decision.Kind != DecisionKind.Deferred)
            {
                deployment.DeferredUntil = null;
                Audit(batch, agent, AuditActions.DeploymentAccepted, deployment, decision.Kind switch
                {
                    DecisionKind.Accepted => $"{Who(agent, decision)} chose \"Upgrade now\".",
                    DecisionKind.Forced => $"Installing on {agent.HostName} without asking: the deadline passed or no deferral was left.",
                    _ => $"Installing on {agent.HostName} without asking: the policy installs unattended, or nobody was logged in.",
                });
                return false;
            }

            // Refused before anything changes: the rest of the batch is stored without it.
            if (CheckDeferral(deployment, decision.DeferredUntil) is { } refusal)
            {
                throw new HubException(refusal);
            }

            deployment.Status = DeploymentStatus.Deferred;
            deployment.DeferralCount++;
            deployment.DeferredUntil = decision.DeferredUntil;
            Audit(batch, agent, AuditActions.DeploymentDeferred, deployment, $"{Who(agent, decision)} deferred the upgrade until {decision.DeferredUntil:u} ({deployment.DeferralCount} of {deployment.MaxDeferrals}).");
            return true;
        }));

    public Task StartedAsync(AgentIdentity agent, DeploymentStarted started) =>
        batches.EnqueueAsync(new Report(agent, started.DeploymentId, FleetChangeKind.DeploymentChanged, (batch, deployment) =>
        {
            if (IsFinished(deployment.Status) || deployment.Status == DeploymentStatus.Running)
            {
                return false;
            }

            deployment.Status = DeploymentStatus.Running;
            deployment.StartedAt = batch.Now;
            deployment.DeferredUntil = null;
            deployment.AcknowledgedAt ??= batch.Now;
            Audit(batch, agent, AuditActions.DeploymentStarted, deployment, $"The agent of {agent.HostName} started: {started.CommandLine}");
            return true;
        }));

    public Task LogAsync(AgentIdentity agent, DeploymentLogBatch lines)
    {
        if (lines.Lines.Count > AgentProtocol.MaxLogLinesPerBatch || lines.FirstSequence < 0)
        {
            throw new HubException($"A log batch holds at most {AgentProtocol.MaxLogLinesPerBatch} lines, numbered from 0.");
        }

        return batches.EnqueueAsync(new Report(agent, lines.DeploymentId, FleetChangeKind.DeploymentLog, (batch, _) => AddLogLines(batch, lines), lines));
    }

    public Task ResultAsync(AgentIdentity agent, DeploymentResult result)
    {
        // Refused here, for this agent alone: inside the batch they would fail the other agents' reports too.
        if (result?.LogTail is null)
        {
            throw new HubException("A result needs its log tail: the last lines of the output, an empty list when there are none.");
        }

        if (result.LogTailSequence < 0)
        {
            throw new HubException("A result's log tail is numbered from 0, as the log is.");
        }

        var tailLog = TailLog(result);
        return batches.EnqueueAsync(new Report(agent, result.DeploymentId, FleetChangeKind.DeploymentChanged, (batch, deployment) =>
        {
            if (deployment.Status is DeploymentStatus.Succeeded or DeploymentStatus.Failed)
            {
                return false;
            }

            if (tailLog is not null)
            {
                AddLogLines(batch, tailLog);
            }

            deployment.Status = result.Succeeded ? DeploymentStatus.Succeeded : DeploymentStatus.Failed;
            deployment.FinishedAt = batch.Now;
            deployment.StartedAt ??= batch.Now;
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

                Audit(batch, agent, AuditActions.DeploymentSucceeded, deployment, $"{agent.HostName} now runs generation {result.Generation}.");
            }
            else
            {
                Audit(batch, agent, AuditActions.DeploymentFailed, deployment, $"The rebuild on {agent.HostName} failed{(result.ExitCode is { } code ? $" with exit code {code}" : "")}: {result.Error}");
            }

            return true;
        }, tailLog, ChangesHost: true));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => batches.RunAsync(StoreAsync, stoppingToken);

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // What is queued is still stored; only reports made from now on are refused.
        batches.Complete();
        return base.StopAsync(cancellationToken);
    }

    private async Task StoreAsync(IReadOnlyList<BatchedCall<Report, bool>> calls)
    {
        // Hellos and acknowledgements (what a rollout's progress is measured by) write before these.
        using var afterOthers = SqliteWriteGate.AfterOthers();
        await using var db = await databases.CreateDbContextAsync();
        var deployments = await ReadAsync(db, calls);
        var batch = new Batch(time.GetUtcNow(), await KnownLogLinesAsync(db, calls.Select(c => c.Call.Log).OfType<DeploymentLogBatch>().ToList()), [], []);
        var outcomes = new List<(BatchedCall<Report, bool> Call, Deployment Deployment, bool Changed)>(calls.Count);
        foreach (var call in calls)
        {
            var report = call.Call;

            // Another host's deployment is answered exactly like an unknown one: nothing leaks.
            if (!deployments.TryGetValue(report.DeploymentId, out var deployment) || deployment.HostId != report.Agent.HostId)
            {
                call.Refuse($"Deployment {report.DeploymentId} is not a deployment of {report.Agent.HostName}.");
                continue;
            }

            try
            {
                outcomes.Add((call, deployment, report.Apply(batch, deployment)));
            }
            catch (HubException refused)
            {
                call.Refuse(refused.Message);
            }
        }

        // The deployments' new states through the change tracker; their log lines and audit events,
        // thousands after a rollout, as plain inserts in the same transaction.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.SaveChangesAsync();
            await MultiRowInsert.InsertAsync(db, batch.LogLines);
            await MultiRowInsert.InsertAsync(db, batch.Events);
            await transaction.CommitAsync();
        }

        foreach (var (call, _, changed) in outcomes)
        {
            call.Answer(changed);
        }

        var changes = outcomes.Where(o => o.Changed)
            .Select(o => new FleetChange(o.Call.Call.Published, o.Deployment.HostId, o.Deployment.Id))
            .Concat(outcomes.Where(o => o.Changed && o.Call.Call.Published == FleetChangeKind.DeploymentChanged && o.Deployment.Status == DeploymentStatus.Succeeded)
                .Select(o => new FleetChange(FleetChangeKind.HostChanged, o.Deployment.HostId)))
            .Distinct()
            .ToList();
        if (changes.Count > 0)
        {
            await notifier.PublishAsync(changes);
        }
    }

    /// <summary>
    /// The deployments that <paramref name="calls"/> report on, tracked only where a report
    /// changes them: a log batch changes nothing of its deployment, and only a result changes the
    /// host. After a rollout the change tracker's copies, and the saving of what it tracked,
    /// cost most of what a report cost the portal.
    /// </summary>
    private static async Task<Dictionary<Guid, Deployment>> ReadAsync(FleetDbContext db, IReadOnlyList<BatchedCall<Report, bool>> calls)
    {
        var withHost = calls.Where(c => c.Call.ChangesHost).Select(c => c.Call.DeploymentId).ToHashSet();
        var changed = calls.Where(c => c.Call.Log is null).Select(c => c.Call.DeploymentId).Where(id => !withHost.Contains(id)).ToHashSet();
        var unchanged = calls.Select(c => c.Call.DeploymentId).Where(id => !withHost.Contains(id) && !changed.Contains(id)).Distinct().ToList();
        var deployments = new Dictionary<Guid, Deployment>();
        foreach (var (ids, query) in new[]
        {
            (withHost.ToList(), db.Deployments.Include(d => d.Host)),
            (changed.ToList(), (IQueryable<Deployment>)db.Deployments),
            (unchanged, db.Deployments.AsNoTracking()),
        })
        {
            if (ids.Count > 0)
            {
                foreach (var deployment in await query.Where(d => ids.Contains(d.Id)).ToListAsync())
                {
                    deployments[deployment.Id] = deployment;
                }
            }
        }

        return deployments;
    }

    /// <summary>Adds the lines of <paramref name="lines"/> not stored yet; true when there was one.</summary>
    private static bool AddLogLines(Batch batch, DeploymentLogBatch lines)
    {
        var added = false;
        for (var i = 0; i < lines.Lines.Count; i++)
        {
            var sequence = lines.FirstSequence + i;
            if (batch.KnownLogLines.Add((lines.DeploymentId, sequence)))
            {
                var text = lines.Lines[i] ?? "";
                batch.LogLines.Add(new DeploymentLogLine
                {
                    DeploymentId = lines.DeploymentId,
                    Sequence = sequence,
                    Text = text.Length <= AgentProtocol.MaxLogLineLength ? text : text[..AgentProtocol.MaxLogLineLength],
                    At = batch.Now,
                });
                added = true;
            }
        }

        return added;
    }

    /// <summary>
    /// The end of the rebuild's log that a result carries, as a batch: what the agent printed while
    /// the portal was away is stored with the result. Null when the tail is not numbered (an
    /// outcome the agent found after a restart is not the rebuild's output).
    /// </summary>
    private static DeploymentLogBatch? TailLog(DeploymentResult result)
    {
        if (result.LogTailSequence is not { } first || result.LogTail is not { Count: > 0 } tail)
        {
            return null;
        }

        var kept = tail.TakeLast(MaxLogTailLines).ToList();
        return new DeploymentLogBatch(result.DeploymentId, first + tail.Count - kept.Count, kept);
    }

    /// <summary>The log lines already stored in the sequence ranges that <paramref name="logs"/> cover: an agent that sends a batch again adds nothing.</summary>
    private static async Task<HashSet<(Guid, int)>> KnownLogLinesAsync(FleetDbContext db, IReadOnlyList<DeploymentLogBatch> logs)
    {
        if (logs.Count == 0)
        {
            return [];
        }

        var ids = logs.Select(l => l.DeploymentId).Distinct().ToList();
        var first = logs.Min(l => l.FirstSequence);
        var last = logs.Max(l => l.FirstSequence + l.Lines.Count - 1);
        var known = await db.DeploymentLogLines
            .Where(l => ids.Contains(l.DeploymentId) && l.Sequence >= first && l.Sequence <= last)
            .Select(l => new { l.DeploymentId, l.Sequence })
            .ToListAsync();
        return known.Select(l => (l.DeploymentId, l.Sequence)).ToHashSet();
    }

    /// <summary>Null when the deployment's deferral policy allows deferring until <paramref name="until"/>, else why not.</summary>
    private string? CheckDeferral(Deployment deployment, DateTimeOffset? until) =>
        until is null
            ? "A deferral needs the time to ask again."
            : new DeferralPolicy(deployment.PromptMode, deployment.MaxDeferrals, deployment.Deadline).CheckDeferral(until.Value, deployment.DeferralCount, time);

    private static string Who(AgentIdentity agent, DeploymentDecision decision) =>
        decision.DecidedBy is { Length: > 0 } user ? Actor.AtDesk(agent.HostId, agent.HostName, user).Description : agent.ActorName;

    private static bool IsFinished(DeploymentStatus status) =>
        status is DeploymentStatus.Succeeded or DeploymentStatus.Failed or DeploymentStatus.Superseded or DeploymentStatus.Cancelled;

    private static void Audit(Batch batch, AgentIdentity agent, string action, Deployment deployment, string details) =>
        batch.Events.Add(AuditLog.Create(agent.Actor, action, details, new AuditSubject(agent.HostId, agent.HostName, deployment.ChangeRequestId, deployment.Id), batch.Now));

    /// <summary>
    /// One report: <see cref="Apply"/> records it on its deployment and says whether anything
    /// changed (then <see cref="Published"/> tells the dashboards); it refuses by throwing a
    /// <see cref="HubException"/> before it changes anything. <see cref="Log"/> holds the log lines
    /// a report carries: a log batch, which changes nothing of its deployment, or a result's tail.
    /// Only a report that <see cref="ChangesHost"/> (a result) changes the host.
    /// </summary>
    private sealed record Report(AgentIdentity Agent, Guid DeploymentId, FleetChangeKind Published, Func<Batch, Deployment, bool> Apply, DeploymentLogBatch? Log = null, bool ChangesHost = false);

    /// <summary>What the reports of one batch share: its clock reading, the log lines stored so far, and the rows it adds.</summary>
    private sealed record Batch(DateTimeOffset Now, HashSet<(Guid DeploymentId, int Sequence)> KnownLogLines, List<DeploymentLogLine> LogLines, List<AuditEvent> Events);
}
