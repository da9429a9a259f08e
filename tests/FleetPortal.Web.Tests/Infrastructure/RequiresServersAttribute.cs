namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>
/// Marks a test class that needs the real PostgreSQL and Redis servers (<see cref="TestServers"/>):
/// every test in it, its inherited ones too, is skipped when <see cref="TestServers.SkipReason"/>
/// says so. Only <see cref="FleetTestFramework"/> reads it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresServersAttribute : Attribute;
