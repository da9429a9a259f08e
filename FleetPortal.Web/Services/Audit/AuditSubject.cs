namespace FleetPortal.Web.Services.Audit;

/// <summary>What an audit event is about; ids the pages link to.</summary>
public sealed record AuditSubject(int? HostId = null, string? HostName = null, int? ChangeRequestId = null, Guid? DeploymentId = null);
