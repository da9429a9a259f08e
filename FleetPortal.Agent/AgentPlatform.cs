using System.Runtime.Versioning;

// The agent manages NixOS machines: Unix sockets, file modes and peer credentials are Linux's.
[assembly: SupportedOSPlatform("linux")]
