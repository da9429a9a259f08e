namespace FleetPortal.Web.Api;

/// <summary>
/// The portal process's garbage collections so far: how long they paused it in all, and how many
/// of each generation. Two readings around a stretch of work say what the collector cost it.
/// </summary>
public sealed record ProcessCollections(double PausedMs, int Gen0, int Gen1, int Gen2);
