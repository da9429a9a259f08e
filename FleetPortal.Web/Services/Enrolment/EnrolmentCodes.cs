using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Services.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FleetPortal.Web.Services.Enrolment;

/// <summary>Makes one-time codes with which a new machine enrols as a named host.</summary>
public sealed class EnrolmentCodes(
    IDbContextFactory<FleetDbContext> dbFactory,
    AuditLog audit,
    TimeProvider time,
    IOptions<EnrolmentOptions> options)
{
    public async Task<CreatedEnrolmentCode> CreateAsync(string hostName, int? familyId, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!FleetAccess.CanManageFleet(actor))
        {
            throw new AccessDeniedFailure("Only support staff enrol machines.");
        }

        if (HostNames.Check(hostName) is { } error)
        {
            throw new InvalidInputFailure("hostName", error);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var family = await HostCommands.FindFamilyAsync(db, familyId, cancellationToken);
        var existing = await db.Hosts.Where(h => h.Name == hostName).Select(h => new { h.Id, h.FamilyId }).SingleOrDefaultAsync(cancellationToken);
        var code = SecretTokens.NewEnrolmentCode();
        var now = time.GetUtcNow();
        var entry = new EnrolmentCode
        {
            HostName = hostName,
            FamilyId = family?.Id ?? existing?.FamilyId,
            CodeHash = SecretTokens.Hash(SecretTokens.NormaliseCode(code)),
            CreatedAt = now,
            ExpiresAt = now + options.Value.CodeLifetime,
            CreatedBy = actor.Description,
        };
        db.EnrolmentCodes.Add(entry);
        audit.Record(db, actor, AuditActions.EnrolmentCodeCreated,
            $"{actor.Description} made an enrolment code for {hostName}, valid until {entry.ExpiresAt:u}.",
            new AuditSubject(existing?.Id, hostName));
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedEnrolmentCode(entry.Id, hostName, entry.FamilyId, code, entry.ExpiresAt);
    }
}
