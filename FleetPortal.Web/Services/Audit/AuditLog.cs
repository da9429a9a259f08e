using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;

namespace FleetPortal.Web.Services.Audit;

/// <summary>
/// Writes the audit trail. Every event is added to the caller's context, so it is saved in the
/// same transaction as the step it records: no step without its event, no event without its step.
/// </summary>
public sealed class AuditLog(TimeProvider time)
{
    public AuditEvent Record(FleetDbContext db, Actor actor, string action, string details, AuditSubject? subject = null)
    {
        var entry = Create(actor, action, details, subject, time.GetUtcNow());
        db.AuditEvents.Add(entry);
        return entry;
    }

    /// <summary>An event not yet added anywhere: for writers that insert many rows at once, in their own transaction.</summary>
    public static AuditEvent Create(Actor actor, string action, string details, AuditSubject? subject, DateTimeOffset at) =>
        new()
        {
            At = at,
            Actor = actor.Description,
            ActorUserId = actor.UserId,
            Action = action,
            Details = details,
            HostId = subject?.HostId,
            HostName = subject?.HostName,
            ChangeRequestId = subject?.ChangeRequestId,
            DeploymentId = subject?.DeploymentId,
        };
}
