namespace FleetPortal.Web.Services.Notifications;

/// <summary>
/// Tells whoever listens (open pages, the agent hub) that the fleet changed. In-process by
/// default; across portal processes when scaled out. Subscriptions end when disposed.
/// </summary>
public interface IFleetNotifier
{
    IDisposable Subscribe(Func<FleetChange, Task> handler);

    /// <summary>Publishes after the change is committed, so listeners always read it back.</summary>
    Task PublishAsync(FleetChange change);

    /// <summary>
    /// Publishes many changes at once (a rollout's, a batch of hellos'): handed to listeners one by
    /// one, in order, but sent to other processes in a few messages rather than one per change.
    /// </summary>
    Task PublishAsync(IReadOnlyCollection<FleetChange> changes);
}
