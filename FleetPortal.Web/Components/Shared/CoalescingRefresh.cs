namespace FleetPortal.Web.Components.Shared;

/// <summary>
/// Runs a page's reload at most once at a time: news that arrives while it runs asks for one more
/// run, not one per message, so a fleet of agents connecting at once cannot flood a page.
/// Used from the component's own dispatcher (through <c>InvokeAsync</c>), so no locking is needed.
/// </summary>
public sealed class CoalescingRefresh(Func<Task> refresh)
{
    private bool running;
    private bool again;

    public async Task RequestAsync()
    {
        if (running)
        {
            again = true;
            return;
        }

        running = true;
        try
        {
            do
            {
                again = false;
                await refresh();
            }
            while (again);
        }
        finally
        {
            running = false;
        }
    }
}
