namespace FleetPortal.Agent.Portal;

/// <summary>
/// Waits between connection attempts: doubling from the minimum up to the maximum, each wait drawn
/// at random from its upper half, so a fleet that lost the portal does not come back all at once.
/// </summary>
public static class ReconnectBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan minimum, TimeSpan maximum, Random random)
    {
        var ceiling = minimum.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(ceiling, maximum.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + (random.NextDouble() * capped / 2));
    }
}
