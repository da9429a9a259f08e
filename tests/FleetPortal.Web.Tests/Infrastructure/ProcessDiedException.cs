namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>What <see cref="DyingProcess"/> throws where a killed process would have stopped.</summary>
public sealed class ProcessDiedException() : Exception("The portal process died here (stand-in for a kill).");
