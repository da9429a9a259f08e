namespace FleetPortal.Bench;

/// <summary>Opens many client connections, a bounded number at a time, so the fleet does not stampede itself.</summary>
public static class Connections
{
    public static Task<int> OpenAllAsync(int count, Func<int, Task> open, int parallel = 200) => OpenRangeAsync(0, count, open, parallel);

    /// <summary>
    /// Opens the first half, lets <paramref name="halfway"/> measure the server with that many
    /// connected, then opens the second half. What the second half adds, per connection, is the
    /// server's marginal memory per connection: what it spends once (code compiled on first use,
    /// threads the pool adds) is spent by then.
    /// </summary>
    public static async Task<int> OpenInTwoHalvesAsync(int count, Func<int, Task> open, Func<int, Task> halfway, int parallel = 200)
    {
        var first = await OpenRangeAsync(0, count / 2, open, parallel);
        await halfway(first);
        return first + await OpenRangeAsync(count / 2, count, open, parallel);
    }

    private static async Task<int> OpenRangeAsync(int from, int to, Func<int, Task> open, int parallel)
    {
        using var gate = new SemaphoreSlim(parallel);
        var opened = 0;
        var tasks = Enumerable.Range(from, to - from).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await open(i);
                Interlocked.Increment(ref opened);
            }
            catch (Exception exception)
            {
                Console.Error.WriteLine($"connection {i} failed: {exception.GetBaseException().Message}");
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        return opened;
    }
}
