using FleetPortal.Core.Protocol;
using FleetPortal.Web.Services.Agents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace FleetPortal.Web.Hubs;

/// <summary>
/// The agents' hub. Every connection is authenticated by a host token and acts for that one host;
/// the portal sends it deployments through its connection id, and finds the host of each call, in
/// <see cref="AgentConnections"/>: once connected, the connection no longer carries its token or
/// its claims (see <see cref="OpeningRequest"/>). <see cref="Hello"/> comes first; until then the
/// connection receives and may report nothing.
/// </summary>
[Authorize(Policy = AgentTokenAuthentication.Policy)]
public sealed class AgentHub(
    AgentConnections connections,
    AgentPresence presence,
    DeploymentReports reports,
    DeploymentAcknowledgements acknowledgements,
    DeploymentDelivery delivery,
    DeskRequests deskRequests,
    RevisionBundles bundles,
    ILogger<AgentHub> logger) : Hub<IAgentClient>, IAgentHub
{
    private AgentIdentity Agent => connections.Of(Context.ConnectionId)
        ?? throw new HubException("This connection is closing.");

    public override Task OnConnectedAsync()
    {
        connections.Add(AgentIdentity.From(Context.User), Context);
        OpeningRequest.Forget(Context);
        return Task.CompletedTask;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (connections.Remove(Context.ConnectionId) is ({ } agent, true) && !connections.IsConnected(agent.HostId))
        {
            await presence.DisconnectedAsync(agent);
        }
    }

    public async Task<AgentWelcome> Hello(AgentHello hello)
    {
        if (hello.ProtocolVersion != AgentProtocol.Version)
        {
            logger.LogWarning("The agent of {HostName} speaks protocol {Version}; refused", Agent.HostName, hello.ProtocolVersion);
            throw new HubException(
                $"This portal speaks agent protocol {AgentProtocol.Version}, the agent speaks {hello.ProtocolVersion}. Install an agent that speaks protocol {AgentProtocol.Version}.");
        }

        var agent = Agent;
        connections.Greet(Context.ConnectionId);
        // Stored with the hellos of other agents; what was pending for this host comes back, claimed, to send on this connection.
        var pending = await presence.ConnectedAsync(agent, hello);
        await delivery.SendUnacknowledgedAsync(Clients.Caller, pending);
        return new AgentWelcome(AgentProtocol.Version, agent.HostId, agent.HostName);
    }

    public Task ReportState(MachineState state) => presence.StateReportedAsync(Greeted(), state);

    public Task Acknowledge(DeploymentAcknowledgement acknowledgement) => acknowledgements.AcknowledgeAsync(Greeted(), acknowledgement);

    public Task ReportDecision(DeploymentDecision decision) => reports.DecideAsync(Greeted(), decision);

    public Task ReportStarted(DeploymentStarted started) => reports.StartedAsync(Greeted(), started);

    public Task ReportLog(DeploymentLogBatch batch) => reports.LogAsync(Greeted(), batch);

    public Task ReportResult(DeploymentResult result) => reports.ResultAsync(Greeted(), result);

    public async Task<BundleDownload> DownloadBundle(BundleRequest request)
    {
        var agent = Greeted();
        if (request is null)
        {
            throw new HubException("Name the revision whose bundle to send: { \"revisionNumber\": n }.");
        }

        var bundle = await bundles.ReadAsync(agent, request.RevisionNumber)
            ?? throw new HubException($"{agent.HostName} has no revision {request.RevisionNumber}.");
        var characters = RevisionBundles.Characters(bundle);
        return characters <= AgentProtocol.MaxHubBundleCharacters
            ? bundle
            : throw new HubException(
                $"The bundle of revision {request.RevisionNumber} holds {characters} characters, more than the {AgentProtocol.MaxHubBundleCharacters} the hub sends; download it from {AgentProtocol.BundlePath(request.RevisionNumber)}.");
    }

    public Task<DeskRequestReceipt> RequestPackage(DeskPackageRequest request) => deskRequests.RequestAsync(Greeted(), request);

    // Kept in AgentConnections, not in Context.Items: the items dictionary costs every connection several hundred bytes.
    private AgentIdentity Greeted() => connections.Greeted(Context.ConnectionId)
        ?? throw new HubException("Call Hello with the agent's protocol version first.");
}
