using System.Runtime.Versioning;

// The simulated fleet runs the agent's own code, which is Linux's; /proc is read for the metrics.
[assembly: SupportedOSPlatform("linux")]
