using Microsoft.Extensions.Hosting;

namespace FleetPortal.Web.Services.PeriodicWork;

/// <summary>
/// Every process asks for every job at the job's interval; the lease lets one run it. On a
/// deliberate stop the process gives its leases up, so the others take over at their next tick
/// instead of after the expiry.
/// </summary>
public sealed class PeriodicJobSchedule(
    IEnumerable<IPeriodicJob> jobs,
    PeriodicJobRunner runner,
    TimeProvider time,
    ILogger<PeriodicJobSchedule> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => RunEveryIntervalAsync(job, stoppingToken)));

    private async Task RunEveryIntervalAsync(IPeriodicJob job, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(job.Interval, time);
        try
        {
            do
            {
                try
                {
                    await runner.RunOnceAsync(job, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The next tick tries again; the work is idempotent, so nothing is done twice.
                    logger.LogWarning(exception, "The periodic job {Job} failed", job.Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await ReleaseAsync(job);
        }
    }

    private async Task ReleaseAsync(IPeriodicJob job)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await runner.ReleaseAsync(job, timeout.Token);
        }
        catch (Exception exception)
        {
            // Not fatal: the lease expires on its own.
            logger.LogInformation(exception, "Could not give up the lease of {Job}; it expires by itself", job.Name);
        }
    }
}
