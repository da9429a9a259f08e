namespace FleetPortal.Web.Services.Audit;

/// <summary>Which audit events to list, newest first.</summary>
public sealed record AuditQuery(string? HostName = null, string? Action = null, int Page = 1, int PageSize = 50);
