namespace FleetPortal.Agent.Rebuilds;

/// <summary>Runs a rebuild or rollback, passing every output line to <c>output</c> as it comes.</summary>
public interface IRebuilder
{
    /// <summary>The command line, for the log and the portal.</summary>
    string Describe(RebuildPlan plan);

    Task<RebuildOutcome> RunAsync(RebuildPlan plan, Action<string> output, CancellationToken cancellationToken);
}
