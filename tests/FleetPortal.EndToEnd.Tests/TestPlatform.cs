using System.Runtime.Versioning;

// The story runs real agents: Linux only (Unix sockets, file modes, D-Bus).
[assembly: SupportedOSPlatform("linux")]

// Each class runs portals, agents and a browser as real processes: one class at a time, so that
// they do not crowd each other off a small machine's cores and wait out their time limits.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
