using System.Diagnostics;
using FleetPortal.Bench.BareHub;
using Microsoft.AspNetCore.SignalR;

// The baseline: a bare SignalR hub with default options, no database, one group per host.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSignalR();
var app = builder.Build();

app.MapHub<BareHub>("/hub");

app.MapPost("/fanout", async (IHubContext<BareHub> hub, int hosts) =>
{
    var loop = Stopwatch.StartNew();
    for (var host = 0; host < hosts; host++)
    {
        await hub.Clients.Group(BareHub.GroupOf(host)).SendAsync("RebuildRequested", host, Stopwatch.GetTimestamp());
    }

    return Results.Ok(new { sendLoopMs = loop.Elapsed.TotalMilliseconds });
});

app.MapGet("/memory", () =>
{
    // Measured as the portal measures itself (api/diagnostics/memory): a full, compacting
    // collection that returns the free memory to the system.
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    using var process = Process.GetCurrentProcess();
    return Results.Ok(new { rssBytes = process.WorkingSet64, managedBytes = GC.GetTotalMemory(false), cpuMs = process.TotalProcessorTime.TotalMilliseconds });
});

app.Run();
