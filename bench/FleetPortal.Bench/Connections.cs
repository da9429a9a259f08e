namespace FleetPortal.Bench;

/// <summary>Opens many client connections, a bounded number at a time, so the fleet does not stampede itself.</summary>
public static class Connections
{
    public static async Task<int> OpenAllAsync(int count, Func<int, Task> open, int parallel = 200)
    {
        using var gate = new SemaphoreSlim(parallel);
        var opened = 0;
        var tasks = Enumerable.Range(0, count).Select(async i =>
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
