namespace FleetPortal.Web.Api;

/// <summary>The portal process's resident memory, live managed heap and CPU time so far.</summary>
public sealed record ProcessMemory(long RssBytes, long ManagedBytes, double CpuMs);
