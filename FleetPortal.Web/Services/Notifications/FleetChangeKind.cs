namespace FleetPortal.Web.Services.Notifications;

public enum FleetChangeKind
{
    /// <summary>A host was added, connected, dropped, or reported new state.</summary>
    HostChanged,

    /// <summary>A change request was proposed, decided or withdrawn.</summary>
    ChangeRequestChanged,

    /// <summary>A deployment was created and waits for its host's agent.</summary>
    DeploymentCreated,

    /// <summary>A deployment moved on (delivered, deferred, running, finished).</summary>
    DeploymentChanged,

    /// <summary>New log lines of a running deployment.</summary>
    DeploymentLog,

    /// <summary>An agent credential was revoked; its live connection must be closed.</summary>
    AgentRevoked,

    /// <summary>
    /// Deployments were created and the process that wrote them has sent them to their agents
    /// already (a rollout, to the hosts connected to it): pages show them as new; no process sends them.
    /// </summary>
    DeploymentSent,

    /// <summary>A deployment was cancelled before it started: the agents holding it must drop it.</summary>
    DeploymentCancelled,
}
