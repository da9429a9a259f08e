using System.Runtime.Versioning;

// The story runs real agents: Linux only (Unix sockets, file modes, D-Bus).
[assembly: SupportedOSPlatform("linux")]
