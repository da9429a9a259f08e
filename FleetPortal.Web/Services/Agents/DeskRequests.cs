using FleetPortal.Core.Protocol;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Failures;
using Microsoft.AspNetCore.SignalR;

namespace FleetPortal.Web.Services.Agents;

/// <summary>A package asked for at the desk goes to the change workflow in the name of the person there.</summary>
public sealed class DeskRequests(IServiceScopeFactory scopes)
{
    public async Task<DeskRequestReceipt> RequestAsync(AgentIdentity agent, DeskPackageRequest request)
    {
        var desk = Actor.AtDesk(agent.HostId, agent.HostName, (request.LocalUser ?? "").Trim());
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var change = await scope.ServiceProvider.GetRequiredService<ChangeWorkflow>().RequestAtDeskAsync(desk, request.Package ?? "", request.Reason ?? "");
            return new DeskRequestReceipt(change.Id, $"Request #{change.Id} for {request.Package} was sent; an administrator will decide on it.");
        }
        catch (FleetFailure failure)
        {
            throw new HubException(failure.Message);
        }
    }
}
