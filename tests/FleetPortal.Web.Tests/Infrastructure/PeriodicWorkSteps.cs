using FleetPortal.Web.Services.PeriodicWork;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>One tick of a portal's periodic jobs, as its schedule would run them.</summary>
public static class PeriodicWorkSteps
{
    /// <summary>Runs <typeparamref name="TJob"/> in this portal if it holds (or takes) the job's lease; true when it ran.</summary>
    public static Task<bool> TickAsync<TJob>(this PortalFactory portal)
        where TJob : IPeriodicJob =>
        portal.Services.GetRequiredService<PeriodicJobRunner>().RunOnceAsync(portal.Services.GetRequiredService<TJob>());

    /// <summary>The holder name of this portal's process in the job leases.</summary>
    public static string ProcessId(this PortalFactory portal) => portal.Services.GetRequiredService<PortalProcess>().Id;
}
