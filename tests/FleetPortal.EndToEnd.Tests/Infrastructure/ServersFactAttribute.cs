using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test that needs the real PostgreSQL and Redis servers of <c>./test.sh</c>: skipped, with the
/// reason, only when they are not named and not required (see <see cref="TestServers.SkipReason"/>).
/// </summary>
public sealed class ServersFactAttribute : FactAttribute
{
    public ServersFactAttribute()
    {
        Skip = TestServers.SkipReason;
    }
}
