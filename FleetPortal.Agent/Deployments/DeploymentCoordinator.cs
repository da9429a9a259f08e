using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.Machine;
using FleetPortal.Agent.Portal;
using FleetPortal.Agent.Rebuilds;
using FleetPortal.Agent.State;
using FleetPortal.Core.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FleetPortal.Agent.Deployments;

/// <summary>
/// Takes deployments from the portal to a finished rebuild: stores and acknowledges each one,
/// fetches and checks its bundle, asks the person at the desk within the deferral rules, runs
/// the rebuild with its log streamed, and reports the result (again after every reconnect until
/// the portal has it). A deployment found running at start-up was cut short by a crash or
/// reboot: its outcome is read from the machine.
/// </summary>
public sealed class DeploymentCoordinator(
    AgentOptions options,
    AgentStateStore store,
    MachineStateReader machine,
    PortalLink link,
    BundleDownloader downloader,
    IRebuilder rebuilder,
    DeskDecider decider,
    ResultOutbox outbox,
    HeldDeployment held,
    TimeProvider time,
    ILogger<DeploymentCoordinator> logger) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(0);
    private readonly Lock gate = new();
    private CancellationTokenSource step = new();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Settled before the first connection, so the first hello already reports the true outcome.
        Recover();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inbox = Task.Run(() => ReadInboxAsync(stoppingToken), stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var state = store.Load();
            var pending = state.Pending;
            var now = time.GetUtcNow();
            if (pending is null)
            {
                await WaitAsync(null, stoppingToken);
                continue;
            }

            if (pending.DeferredUntil is { } until && until > now)
            {
                await WaitAsync(until - now, stoppingToken);
                continue;
            }

            CancellationTokenSource current;
            lock (gate)
            {
                step.Dispose();
                step = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                current = step;
            }

            try
            {
                await ProcessAsync(pending, state.HostName ?? Environment.MachineName, current.Token, stoppingToken);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Replaced or withdrawn while waiting: the loop picks up what is pending now.
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                link.LastError = exception.Message;
                logger.LogWarning("Deployment {DeploymentId} must wait: {Reason}", pending.Request.DeploymentId, exception.Message);
                await WaitAsync(options.RetryInterval, stoppingToken);
            }
        }

        await inbox;
    }

    private async Task ReadInboxAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in link.Inbox.Reader.ReadAllAsync(stoppingToken))
            {
                switch (item)
                {
                    case RebuildRequest { StartAfterMs: > 0 } request:
                        if (held.Hold(request))
                        {
                            logger.LogInformation("Deployment {DeploymentId} arrived; its turn comes in {Wait} ms", request.DeploymentId, request.StartAfterMs);
                        }

                        break;
                    case RebuildRequest request:
                        held.Forget();
                        await ReceiveAsync(request);
                        break;
                    case HeldDeployment.Turn turn when held.Take(turn) is { } request:
                        await ReceiveAsync(request);
                        break;
                    case DeploymentWithdrawal withdrawal:
                        if (held.DeploymentId == withdrawal.DeploymentId)
                        {
                            held.Forget();
                            logger.LogInformation("Deployment {DeploymentId} withdrawn before its turn: {Reason}", withdrawal.DeploymentId, withdrawal.Reason);
                        }

                        Withdraw(withdrawal);
                        break;
                    case PortalLink.Connected:
                        await outbox.ReportAsync();
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReceiveAsync(RebuildRequest request)
    {
        var id = request.DeploymentId;
        var known = false;
        store.Update(state =>
        {
            known = state.Finished.Contains(id) || state.Running?.DeploymentId == id || state.Pending?.Request.DeploymentId == id;
            if (known)
            {
                return state;
            }

            // A newer deployment replaces one that has not started; the portal withdraws that one too.
            var replaced = state.Pending is { } older ? state.WithFinished(older.Request.DeploymentId) : state;
            return replaced with { Pending = new PendingDeployment(request, request.Prompt.DeferralsUsed, null) };
        });
        if (known)
        {
            logger.LogInformation("Deployment {DeploymentId} received again", id);
        }
        else
        {
            logger.LogInformation("Deployment {DeploymentId} received: {Summary}", id, request.Summary);
        }

        // Sent, not invoked: the portal's answer said nothing the agent acts on, and after a rollout
        // those answers were as many messages for the portal to write as the rollout itself. An
        // acknowledgement that does not arrive is asked for again: the portal sends the deployment
        // again at the next hello.
        await link.TrySendAsync(nameof(IAgentHub.Acknowledge), new DeploymentAcknowledgement(id));
        if (!known)
        {
            Interrupt();
        }
    }

    private void Withdraw(DeploymentWithdrawal withdrawal)
    {
        var removed = false;
        store.Update(state =>
        {
            removed = state.Pending?.Request.DeploymentId == withdrawal.DeploymentId;
            return removed ? state.WithFinished(withdrawal.DeploymentId) with { Pending = null } : state;
        });
        if (removed)
        {
            logger.LogInformation("Deployment {DeploymentId} withdrawn: {Reason}", withdrawal.DeploymentId, withdrawal.Reason);
            Interrupt();
        }
    }

    private void Interrupt()
    {
        lock (gate)
        {
            step.Cancel();
        }

        wake.Release();
    }

    private async Task WaitAsync(TimeSpan? timeout, CancellationToken stoppingToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var woken = wake.WaitAsync(done.Token);
        var timer = timeout is { } delay ? Task.Delay(delay, time, done.Token) : Task.Delay(Timeout.Infinite, done.Token);
        await Task.WhenAny(woken, timer);
        await done.CancelAsync();

        // The other of the two is cancelled now: waited for without an exception, which every
        // deployment would otherwise cost (ten thousand at once in a simulated fleet).
        await Task.WhenAll(woken, timer).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private async Task ProcessAsync(PendingDeployment pending, string hostName, CancellationToken stepToken, CancellationToken stoppingToken)
    {
        var request = pending.Request;
        RebuildPlan plan;
        if (request.Action == RebuildAction.Rollback)
        {
            plan = new RebuildPlan(RebuildAction.Rollback, null, false, hostName, request.RollbackGeneration);
        }
        else
        {
            try
            {
                var (directory, isFlake) = await downloader.FetchAsync(request, stepToken);
                var action = request.Action == RebuildAction.Boot || options.RebuildAction == "boot" ? RebuildAction.Boot : RebuildAction.Switch;
                plan = new RebuildPlan(action, directory, isFlake, hostName, null);
            }
            catch (BundleRefusedException refused)
            {
                logger.LogError("Deployment {DeploymentId} refused: {Reason}", request.DeploymentId, refused.Message);
                await outbox.FinishAsync(new DeploymentResult(request.DeploymentId, false, null, null, refused.Message, []), pendingOnly: true);
                return;
            }
        }

        var decision = await decider.DecideAsync(pending, stepToken);
        if (decision is null)
        {
            return;
        }

        if (decision.Kind == DecisionKind.Deferred)
        {
            store.Update(state => state.Pending?.Request.DeploymentId == request.DeploymentId
                ? state with { Pending = state.Pending with { DeferralsUsed = state.Pending.DeferralsUsed + 1, DeferredUntil = decision.DeferredUntil } }
                : state);
            await link.TryInvokeAsync(nameof(IAgentHub.ReportDecision), decision, stoppingToken);
            return;
        }

        await link.TryInvokeAsync(nameof(IAgentHub.ReportDecision), decision, stoppingToken);
        await RunAsync(request, plan, stoppingToken);
    }

    private async Task RunAsync(RebuildRequest request, RebuildPlan plan, CancellationToken stoppingToken)
    {
        var before = machine.NewestGeneration();
        var started = false;
        store.Update(state =>
        {
            started = state.Pending?.Request.DeploymentId == request.DeploymentId;
            return started
                ? state with { Pending = null, Running = new RunningDeployment(request.DeploymentId, plan.Action, before, plan.RollbackGeneration, time.GetUtcNow()) }
                : state;
        });
        if (!started)
        {
            return;
        }

        var command = rebuilder.Describe(plan);
        logger.LogInformation("Deployment {DeploymentId}: running {Command}", request.DeploymentId, command);
        await link.TryInvokeAsync(nameof(IAgentHub.ReportStarted), new DeploymentStarted(request.DeploymentId, command, before), stoppingToken);

        RebuildOutcome outcome;
        var log = new RebuildLog(request.DeploymentId, batch => link.TryInvokeAsync(nameof(IAgentHub.ReportLog), batch));
        try
        {
            // Not cancelled by a stopping daemon: a half-run activation is worse than a late stop.
            outcome = await rebuilder.RunAsync(plan, log.Add, CancellationToken.None);
        }
        catch (RebuildException exception)
        {
            outcome = new RebuildOutcome(false, null, exception.Message);
        }
        finally
        {
            await log.DisposeAsync();
        }

        var generation = plan.Action == RebuildAction.Rollback ? plan.RollbackGeneration : machine.NewestGeneration();
        await outbox.FinishAsync(new DeploymentResult(request.DeploymentId, outcome.Succeeded, outcome.Succeeded ? generation : null, outcome.ExitCode, outcome.Error, log.Tail, log.TailSequence), pendingOnly: false);
        logger.LogInformation("Deployment {DeploymentId} {Outcome}", request.DeploymentId, outcome.Succeeded ? $"succeeded: generation {generation}" : "failed: " + outcome.Error);
    }

    /// <summary>A rebuild was running when the agent stopped: what the machine shows now is the outcome.</summary>
    private void Recover()
    {
        if (store.Load().Running is not { } running)
        {
            return;
        }

        var result = InterruptedRebuild.Outcome(running, machine.Read(), machine.NewestGeneration());
        logger.LogWarning("Deployment {DeploymentId} was cut short by a restart; outcome: {Succeeded}", running.DeploymentId, result.Succeeded ? "succeeded" : "failed");
        store.Update(s => s.WithFinished(running.DeploymentId) with { Running = null, Unreported = s.Unreported.Append(result).ToList() });
    }

    public override void Dispose()
    {
        held.Dispose();
        step.Dispose();
        wake.Dispose();
        base.Dispose();
    }
}
