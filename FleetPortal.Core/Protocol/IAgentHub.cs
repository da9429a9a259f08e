namespace FleetPortal.Core.Protocol;

/// <summary>
/// What an agent calls on the portal's hub. Every call acts for the one host the connection's
/// token belongs to; a call about another host's deployment is refused with a <c>HubException</c>.
/// <see cref="Hello"/> must come first on every connection.
/// </summary>
public interface IAgentHub
{
    /// <summary>Opens the session: protocol version and machine state. Pending deployments follow as <see cref="IAgentClient.RebuildRequested"/>.</summary>
    Task<AgentWelcome> Hello(AgentHello hello);

    /// <summary>The machine's state changed (after a rebuild, a reboot).</summary>
    Task ReportState(MachineState state);

    /// <summary>The agent has stored the deployment; the portal stops re-sending it.</summary>
    Task Acknowledge(DeploymentAcknowledgement acknowledgement);

    /// <summary>The answer at the desk: now, later (until when), or forced by the policy.</summary>
    Task ReportDecision(DeploymentDecision decision);

    Task ReportStarted(DeploymentStarted started);

    /// <summary>Lines of rebuild output, in order, numbered from 0; repeated lines are ignored.</summary>
    Task ReportLog(DeploymentLogBatch batch);

    /// <summary>The final outcome; a repeat of an already recorded result is ignored.</summary>
    Task ReportResult(DeploymentResult result);

    /// <summary>
    /// The bundle of one of the host's own revisions, over the connection: no HTTP request of its
    /// own and no token to check again. Refused (a <c>HubException</c>) for a revision the host does
    /// not have and for a bundle of more than <see cref="AgentProtocol.MaxHubBundleCharacters"/>:
    /// the HTTP download (<see cref="AgentProtocol.BundlePathTemplate"/>) serves every bundle.
    /// </summary>
    Task<BundleDownload> DownloadBundle(BundleRequest request);

    /// <summary>A person at the desk asks for a package; it becomes a change request for this host.</summary>
    Task<DeskRequestReceipt> RequestPackage(DeskPackageRequest request);
}
