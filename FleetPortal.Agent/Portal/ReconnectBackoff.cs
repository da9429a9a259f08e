namespace FleetPortal.Agent.Portal;

/// <summary>
/// Waits between connection attempts: a ceiling doubling from the minimum up to the maximum, each
/// wait drawn at random from zero to that ceiling ("full jitter"). A fleet that lost the portal
/// all at once then comes back spread evenly, not in waves, and every agent tries again within
/// one maximum of the portal's return.
/// </summary>
public static class ReconnectBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan minimum, TimeSpan maximum, Random random)
    {
        var ceiling = minimum.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(ceiling, maximum.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(random.NextDouble() * capped);
    }
}
