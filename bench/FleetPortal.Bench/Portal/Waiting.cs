namespace FleetPortal.Bench.Portal;

/// <summary>Waits for a condition by checking it every few milliseconds, up to a deadline.</summary>
public static class Waiting
{
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout, int everyMs = 10)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(everyMs);
        }

        return true;
    }

    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, int everyMs = 20)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(everyMs);
        }

        return true;
    }
}
