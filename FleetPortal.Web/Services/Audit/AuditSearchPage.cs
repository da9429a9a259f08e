using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Audit;

/// <summary>One page of audit events, newest first, and how many match in all.</summary>
public sealed record AuditSearchPage(IReadOnlyList<AuditEvent> Events, int TotalCount);
