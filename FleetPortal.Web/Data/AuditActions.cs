namespace FleetPortal.Web.Data;

/// <summary>The names of the steps the audit log records.</summary>
public static class AuditActions
{
    public const string HostCreated = "host.created";
    public const string HostEnrolled = "host.enrolled";
    public const string HostConnected = "host.connected";
    public const string HostDisconnected = "host.disconnected";
    public const string FamilyCreated = "family.created";
    public const string HostFamilyChanged = "host.family-changed";
    public const string UserCreated = "user.created";
    public const string ChangeProposed = "change.proposed";
    public const string ChangeRequestedAtDesk = "change.requested";
    public const string ChangeApproved = "change.approved";
    public const string ChangeRejected = "change.rejected";
    public const string ChangeWithdrawn = "change.withdrawn";
    public const string ChangeConflict = "change.conflict";
    public const string DeploymentCreated = "deployment.created";
    public const string RolloutCreated = "rollout.created";
    public const string DeploymentDelivered = "deployment.delivered";
    public const string DeploymentDeferred = "deployment.deferred";
    public const string DeploymentAccepted = "deployment.accepted";
    public const string DeploymentStarted = "deployment.started";
    public const string DeploymentSucceeded = "deployment.succeeded";
    public const string DeploymentFailed = "deployment.failed";
    public const string DeploymentSuperseded = "deployment.superseded";
    public const string DeploymentCancelled = "deployment.cancelled";
    public const string DeploymentDeadlinePassed = "deployment.deadline-passed";
    public const string EnrolmentCodeCreated = "enrolment.code-created";
    public const string EnrolmentCodeExpired = "enrolment.code-expired";
    public const string AgentTokenRevoked = "agent.token-revoked";
    public const string AccessTokenCreated = "token.created";
    public const string AccessTokenRevoked = "token.revoked";
    public const string CatalogImported = "catalog.imported";
    public const string UserSignedIn = "user.signed-in";
    public const string UserAccessChanged = "user.access-changed";
    public const string UserUnlocked = "user.unlocked";
}
