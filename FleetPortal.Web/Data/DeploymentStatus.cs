namespace FleetPortal.Web.Data;

public enum DeploymentStatus
{
    /// <summary>Approved; not yet acknowledged by the agent (sent, or waiting for it to connect).</summary>
    Pending,

    /// <summary>The agent has it and is asking the person at the desk.</summary>
    Delivered,

    /// <summary>The person at the desk said "Later"; see <see cref="Deployment.DeferredUntil"/>.</summary>
    Deferred,

    Running,

    Succeeded,

    Failed,

    /// <summary>A newer deployment for the same host replaced it before it started.</summary>
    Superseded,

    Cancelled,
}
