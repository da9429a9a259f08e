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
        var (entry, code) = AddCode(db, actor, hostName, family?.Id ?? existing?.FamilyId, existing?.Id, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedEnrolmentCode(entry.Id, hostName, entry.FamilyId, code, entry.ExpiresAt);
    }

    /// <summary>
    /// One code for each of <paramref name="hostNames"/>, in one transaction (provisioning a whole
    /// batch of machines at once). Every name is checked first; one bad name writes nothing.
    /// </summary>
    public async Task<IReadOnlyList<CreatedEnrolmentCode>> CreateManyAsync(IReadOnlyList<string>? hostNames, int? familyId, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!FleetAccess.CanManageFleet(actor))
        {
            throw new AccessDeniedFailure("Only support staff enrol machines.");
        }

        if (hostNames is null || hostNames.Count == 0 || hostNames.Count > MaxBatch)
        {
            throw new InvalidInputFailure("hostNames", $"Give from 1 to {MaxBatch} hostnames.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < hostNames.Count; i++)
        {
            if (HostNames.Check(hostNames[i]) is { } error)
            {
                throw new InvalidInputFailure($"hostNames[{i}]", error);
            }

            if (!seen.Add(hostNames[i]))
            {
                throw new InvalidInputFailure($"hostNames[{i}]", $"{hostNames[i]} is listed twice.");
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var family = await HostCommands.FindFamilyAsync(db, familyId, cancellationToken);
        var existing = await db.Hosts.Where(h => seen.Contains(h.Name)).ToDictionaryAsync(h => h.Name, h => new { h.Id, h.FamilyId }, cancellationToken);
        var now = time.GetUtcNow();
        var created = new List<(EnrolmentCode Entry, string Code)>(hostNames.Count);
        foreach (var hostName in hostNames)
        {
            var known = existing.GetValueOrDefault(hostName);
            created.Add(AddCode(db, actor, hostName, family?.Id ?? known?.FamilyId, known?.Id, now));
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return created.Select(c => new CreatedEnrolmentCode(c.Entry.Id, c.Entry.HostName, c.Entry.FamilyId, c.Code, c.Entry.ExpiresAt)).ToList();
    }

    /// <summary>The most codes one call makes.</summary>
    public const int MaxBatch = 20_000;

    /// <summary>Adds one code and its audit event to <paramref name="db"/>; the plain code is returned, only its hash stored.</summary>
    private (EnrolmentCode Entry, string Code) AddCode(FleetDbContext db, Actor actor, string hostName, int? familyId, int? hostId, DateTimeOffset now)
    {
        var code = SecretTokens.NewEnrolmentCode();
        var entry = new EnrolmentCode
        {
            HostName = hostName,
            FamilyId = familyId,
            CodeHash = SecretTokens.Hash(SecretTokens.NormaliseCode(code)),
            CreatedAt = now,
            ExpiresAt = now + options.Value.CodeLifetime,
            CreatedBy = actor.Description,
        };
        db.EnrolmentCodes.Add(entry);
        audit.Record(db, actor, AuditActions.EnrolmentCodeCreated,
            $"{actor.Description} made an enrolment code for {hostName}, valid until {entry.ExpiresAt:u}.",
            new AuditSubject(hostId, hostName));
        return (entry, code);
    }
}
