namespace FleetPortal.Agent.Tests.Infrastructure;

/// <summary>A notification as the test notification server received it; actions come in key, label pairs.</summary>
public sealed record ShownNotification(uint Id, string Application, string Summary, string Body, string[] Actions)
{
    public IReadOnlyList<string> ActionKeys => Actions.Where((_, i) => i % 2 == 0).ToList();

    public IReadOnlyList<string> ActionLabels => Actions.Where((_, i) => i % 2 == 1).ToList();
}
