namespace FleetPortal.Agent.Local;

/// <summary>
/// One line of JSON on the agent's local socket. From a client: <c>status</c>, <c>request</c>
/// (<see cref="Package"/>, <see cref="Reason"/>), <c>listen</c> (a prompt), <c>answer</c>
/// (<see cref="DeploymentId"/>, <see cref="Choice"/>). From the daemon: <c>status</c>,
/// <c>requested</c>, <c>error</c>, <c>ask</c>, <c>notice</c>, <c>withdraw</c>.
/// </summary>
public sealed record LocalMessage(string Type)
{
    public Guid? DeploymentId { get; init; }

    public string? Summary { get; init; }

    /// <summary>For <c>ask</c>: <c>now</c>, <c>later</c>, <c>tomorrow</c> as offered.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    public DateTimeOffset? Deadline { get; init; }

    public string? Choice { get; init; }

    public string? Package { get; init; }

    public string? Reason { get; init; }

    public string? Text { get; init; }

    public AgentStatus? Status { get; init; }
}
