using System.Diagnostics;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Failures;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetPortal.Web.Api;

/// <summary>The portal process's own memory and garbage collections, for support staff measuring the portal under load.</summary>
internal static class DiagnosticsApi
{
    public static RouteGroupBuilder MapDiagnosticsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/diagnostics/memory", (Delegate)MemoryAsync).WithTags("Diagnostics")
            .WithSummary("The portal process's resident memory and live managed heap (after a full garbage collection), and its CPU time (support staff).");
        api.MapGet("/diagnostics/collections", (Delegate)CollectionsAsync).WithTags("Diagnostics")
            .WithSummary("The portal process's garbage collections so far, without causing one: time paused in all, counts by generation, and bytes allocated (support staff).");
        return api;
    }

    private static async Task<Ok<ProcessCollections>> CollectionsAsync(HttpContext http)
    {
        await RequireSupportAsync(http);
        return TypedResults.Ok(new ProcessCollections(
            GC.GetTotalPauseDuration().TotalMilliseconds, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes()));
    }

    private static async Task<Ok<ProcessMemory>> MemoryAsync(HttpContext http)
    {
        await RequireSupportAsync(http);

        // A full, compacting collection first that also returns the free memory to the system: what
        // remains, on the heap and resident, is what the portal holds, not garbage not yet collected
        // nor space the collector kept after earlier work (enrolling thousands of hosts, say).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        using var process = Process.GetCurrentProcess();
        return TypedResults.Ok(new ProcessMemory(process.WorkingSet64, managed, process.TotalProcessorTime.TotalMilliseconds));
    }

    private static async Task RequireSupportAsync(HttpContext http)
    {
        if (!FleetAccess.CanManageFleet(await http.ActorAsync()))
        {
            throw new AccessDeniedFailure("Only support staff read the portal's diagnostics.");
        }
    }
}
