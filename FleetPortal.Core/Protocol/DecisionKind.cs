namespace FleetPortal.Core.Protocol;

public enum DecisionKind
{
    /// <summary>"Upgrade now" at the desk.</summary>
    Accepted,

    /// <summary>"Later" or "Tomorrow" at the desk; see <see cref="DeploymentDecision.DeferredUntil"/>.</summary>
    Deferred,

    /// <summary>Installed without asking: policy <c>auto</c>, or nobody logged in.</summary>
    Unattended,

    /// <summary>Installed because the deadline passed or no deferral was left.</summary>
    Forced,
}
