namespace FleetPortal.Web.Services.PeriodicWork;

/// <summary>
/// Work the portal does on its own, every <see cref="Interval"/>, in one process of the fleet at a
/// time (under the job's lease). A run must be safe to repeat and to cut off at any point: each
/// step rechecks in its own statement that it is still due, so a run that died half-way is simply
/// finished by the next one, in whichever process.
/// </summary>
public interface IPeriodicJob
{
    /// <summary>The name of the job's lease; never change it for a job that exists.</summary>
    string Name { get; }

    TimeSpan Interval { get; }

    /// <summary>
    /// Does what is due. Between batches it calls <see cref="LeaseHold.KeepAsync"/> and stops when
    /// the lease was lost (another process runs the job now).
    /// </summary>
    Task RunAsync(LeaseHold lease, CancellationToken cancellationToken);
}
