using System.Collections.Immutable;

namespace FleetPortal.Web.Services.Notifications;

/// <summary>The notifier of a single portal process.</summary>
public sealed class InProcessFleetNotifier(ILogger<InProcessFleetNotifier> logger) : IFleetNotifier
{
    private ImmutableArray<Func<FleetChange, Task>> handlers = [];

    public IDisposable Subscribe(Func<FleetChange, Task> handler)
    {
        ImmutableInterlocked.Update(ref handlers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref handlers, list => list.Remove(handler)));
    }

    public async Task PublishAsync(FleetChange change)
    {
        foreach (var handler in handlers)
        {
            // One listener failing (a page that just closed) must not keep the news from the others.
            try
            {
                await handler(change);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "A listener failed to handle {Change}", change);
            }
        }
    }

    public async Task PublishAsync(IReadOnlyCollection<FleetChange> changes)
    {
        foreach (var change in changes)
        {
            await PublishAsync(change);
        }
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private Action? unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref unsubscribe, null)?.Invoke();
    }
}
