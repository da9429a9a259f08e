using System.Runtime.Versioning;

// The benchmark runs the agent's own code and reads /proc: Linux only.
[assembly: SupportedOSPlatform("linux")]
