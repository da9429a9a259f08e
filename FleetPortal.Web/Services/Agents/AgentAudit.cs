using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Agents;

/// <summary>Adds an audit event for an agent's step to the unit of work that makes the step.</summary>
internal static class AgentAudit
{
    public static void Record(FleetDbContext db, DateTimeOffset at, string actor, string action, int hostId, string hostName, string details, Guid? deploymentId = null, int? changeRequestId = null) =>
        db.AuditEvents.Add(new AuditEvent
        {
            At = at,
            Actor = actor,
            Action = action,
            HostId = hostId,
            HostName = hostName,
            DeploymentId = deploymentId,
            ChangeRequestId = changeRequestId,
            Details = details,
        });
}
