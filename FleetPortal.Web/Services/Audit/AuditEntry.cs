namespace FleetPortal.Web.Services.Audit;

/// <summary>One event of the audit log as pages and the API show it.</summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? HostName,
    int? ChangeRequestId,
    Guid? DeploymentId,
    string Details);
