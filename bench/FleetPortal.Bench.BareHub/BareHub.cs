using Microsoft.AspNetCore.SignalR;

namespace FleetPortal.Bench.BareHub;

/// <summary>Each client names its host in the query string and joins that host's group.</summary>
public sealed class BareHub : Hub
{
    public static string GroupOf(int host) => $"host:{host}";

    public override async Task OnConnectedAsync()
    {
        var host = Context.GetHttpContext()?.Request.Query["host"].ToString();
        if (!int.TryParse(host, out var id))
        {
            Context.Abort();
            return;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(id));
    }
}
