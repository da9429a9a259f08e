namespace FleetPortal.Web.Services.PeriodicWork;

/// <summary>
/// Runs one periodic job once, if this process holds (or can take) its lease. The lease lasts two
/// intervals: a holder renews it at every run, so it never lapses while the holder lives, and a
/// dead holder's lease passes to another process within about two intervals.
/// </summary>
public sealed class PeriodicJobRunner(JobLeases leases, PortalProcess process, ILogger<PeriodicJobRunner> logger)
{
    /// <summary>How long a lease lasts without renewal, as a number of the job's intervals.</summary>
    public const int LeaseIntervals = 2;

    public static TimeSpan LeaseLengthOf(IPeriodicJob job) => job.Interval * LeaseIntervals;

    /// <summary>Runs the job if this process holds its lease; true when it ran.</summary>
    public async Task<bool> RunOnceAsync(IPeriodicJob job, CancellationToken cancellationToken = default)
    {
        var hold = new LeaseHold(leases, job.Name, process.Id, LeaseLengthOf(job));
        if (!await hold.KeepAsync(cancellationToken))
        {
            return false;
        }

        logger.LogDebug("Running {Job} under the lease of {Holder}", job.Name, process.Id);
        await job.RunAsync(hold, cancellationToken);
        return true;
    }

    /// <summary>Gives up the job's lease, if this process holds it, so another takes over at once.</summary>
    public Task ReleaseAsync(IPeriodicJob job, CancellationToken cancellationToken = default) =>
        leases.ReleaseAsync(job.Name, process.Id, cancellationToken);
}
