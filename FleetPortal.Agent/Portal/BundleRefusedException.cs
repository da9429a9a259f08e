namespace FleetPortal.Agent.Portal;

/// <summary>A downloaded bundle failed its checks and must not be applied.</summary>
public sealed class BundleRefusedException(string message) : Exception(message);
