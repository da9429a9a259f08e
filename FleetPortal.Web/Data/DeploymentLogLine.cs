namespace FleetPortal.Web.Data;

/// <summary>One line of a rebuild's output, as the agent streamed it.</summary>
public sealed class DeploymentLogLine
{
    public long Id { get; set; }

    public Guid DeploymentId { get; set; }

    /// <summary>The line's position in the log, from 0, as the agent numbered it (repeats are ignored).</summary>
    public int Sequence { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset At { get; set; }
}
