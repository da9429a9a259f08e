namespace FleetPortal.Web.Services.Audit;

/// <summary>Which audit events to show: by host name, by person (actor), and by time. Empty parts match everything.</summary>
public sealed record AuditFilter(string? Host = null, string? Person = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
