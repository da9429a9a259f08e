using System.Runtime.Versioning;

// The agent and its tests run on Linux only (Unix sockets, file modes, D-Bus).
[assembly: SupportedOSPlatform("linux")]
