namespace FleetPortal.Web.Api;

/// <summary>
/// The portal process's garbage collections so far: how long they paused it in all, how many of
/// each generation, and the bytes it has allocated since it started, which is what drives them.
/// Two readings around a stretch of work say what the collector cost it, and why.
/// </summary>
public sealed record ProcessCollections(double PausedMs, int Gen0, int Gen1, int Gen2, long AllocatedBytes);
