namespace FleetPortal.Web.Services.PeriodicWork;

/// <summary>A job lease this process holds while it runs the job; renewed between batches.</summary>
public sealed class LeaseHold(JobLeases leases, string job, string holder, TimeSpan length)
{
    public string Job { get; } = job;

    public string Holder { get; } = holder;

    public TimeSpan Length { get; } = length;

    /// <summary>Renews the lease; false when it was lost to another process, and the run should stop.</summary>
    public Task<bool> KeepAsync(CancellationToken cancellationToken) => leases.TryHoldAsync(Job, Holder, Length, cancellationToken);
}
