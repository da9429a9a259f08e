using FleetPortal.Core.Bundles;
using FleetPortal.Core.Packages;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Notifications;
using FleetPortal.Web.Services.Security;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Exchanges a one-time enrolment code for a host token. The machine's uploaded configuration
/// becomes the host's revision 1 when the host has none yet (adopting an existing machine).
/// Enrolling a host again revokes its older tokens.
/// </summary>
public sealed class EnrolmentRedemption(IDbContextFactory<FleetDbContext> databases, IFleetNotifier notifier, TimeProvider time)
{
    private readonly AuditLog audit = new(time);

    public const int MaxFiles = 200;
    public const int MaxFileCharacters = 512 * 1024;
    public const int MaxTotalCharacters = 4 * 1024 * 1024;

    public async Task<EnrolmentOutcome> RedeemAsync(EnrolmentRequest? request, CancellationToken cancellationToken = default)
    {
        if (Validate(request) is { } invalid)
        {
            return EnrolmentOutcome.Refused(StatusCodes.Status400BadRequest, invalid);
        }

        var hash = SecretTokens.Hash(SecretTokens.NormaliseCode(request!.Code));
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var code = await db.EnrolmentCodes.FirstOrDefaultAsync(c => c.CodeHash == hash, cancellationToken);
        var now = time.GetUtcNow();
        if (code is null)
        {
            return EnrolmentOutcome.Refused(StatusCodes.Status403Forbidden, "This enrolment code is not known. Check it, or ask support for a new one.");
        }

        if (code.UsedAt is not null)
        {
            return EnrolmentOutcome.Refused(StatusCodes.Status403Forbidden, "This enrolment code was already used. Ask support for a new one.");
        }

        if (code.ExpiresAt <= now)
        {
            return EnrolmentOutcome.Refused(StatusCodes.Status410Gone, $"This enrolment code expired at {code.ExpiresAt:u}. Ask support for a new one.");
        }

        // Claims the code in the same statement that checks it, so two machines never both win.
        var claimed = await db.EnrolmentCodes.Where(c => c.Id == code.Id && c.UsedAt == null)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.UsedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return EnrolmentOutcome.Refused(StatusCodes.Status403Forbidden, "This enrolment code was already used. Ask support for a new one.");
        }

        var host = await db.Hosts.FirstOrDefaultAsync(h => h.Name == code.HostName, cancellationToken);
        if (host is null)
        {
            host = new Data.Host { Name = code.HostName, FamilyId = code.FamilyId, CreatedAt = now };
            db.Hosts.Add(host);
            await db.SaveChangesAsync(cancellationToken);
        }

        var revoked = await db.AgentCredentials.Where(c => c.HostId == host.Id && c.RevokedAt == null)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.RevokedAt, now), cancellationToken);
        var token = SecretTokens.NewToken("fpa");
        db.AgentCredentials.Add(new AgentCredential { HostId = host.Id, TokenHash = SecretTokens.Hash(token), CreatedAt = now });
        var agent = Actor.ForAgent(host.Id, host.Name);
        var imported = host.CurrentRevisionNumber == 0;
        if (imported)
        {
            var files = request.Files.Select(f => new BundleFile(f.Path, f.Content)).ToList();
            var bundle = BundleRenderer.Render(Array.Empty<NixAttrPath>(), files);
            host.Revisions.Add(new Revision
            {
                Number = 1,
                Files = files.Select(f => new RevisionFile { Path = f.Path, Content = f.Content }).ToList(),
                ContentHash = bundle.ContentHash,
                CreatedAt = now,
                CreatedBy = agent.Description,
                Summary = $"Configuration imported from {host.Name} at enrolment ({files.Count} files).",
            });
            host.CurrentRevisionNumber = 1;
            host.ConfigurationVersion++;
            host.State.AppliedRevisionNumber = 1;
        }

        host.State.LastSeen = now;
        if (request.State is { } state)
        {
            host.State.CurrentGeneration = state.CurrentGeneration;
            host.State.BootedGeneration = state.BootedGeneration;
            host.State.NixosVersion = state.NixosVersion is { Length: > 100 } v ? v[..100] : state.NixosVersion;
            host.State.RebootNeeded = state.RebootNeeded;
        }

        host.State.AgentVersion = request.AgentVersion is { Length: > 50 } a ? a[..50] : request.AgentVersion;
        audit.Record(db, agent, AuditActions.HostEnrolled,
            $"{host.Name} enrolled with the code made by {code.CreatedBy}; "
            + (imported
                ? $"{request.Files.Count} configuration files imported as revision 1."
                : $"the configuration it sent was not imported: the host already has revision {host.CurrentRevisionNumber}.")
            + (revoked > 0 ? $" {revoked} older token(s) revoked." : ""),
            new AuditSubject(host.Id, host.Name));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, host.Id));
        if (revoked > 0)
        {
            await notifier.PublishAsync(new FleetChange(FleetChangeKind.AgentRevoked, host.Id));
        }

        return new EnrolmentOutcome(new EnrolmentReceipt(host.Id, host.Name, token, host.CurrentRevisionNumber, imported), StatusCodes.Status200OK, null);
    }

    /// <summary>Null when the request is well formed, else what is wrong with it.</summary>
    private static string? Validate(EnrolmentRequest? request)
    {
        if (request is null)
        {
            return "The body must be a JSON enrolment request: { \"code\": \"ABCD-EFGH\", \"files\": [...] }.";
        }

        if (string.IsNullOrWhiteSpace(request.Code) || SecretTokens.NormaliseCode(request.Code).Length == 0)
        {
            return "The enrolment code is required.";
        }

        var files = request.Files ?? [];
        if (files.Count > MaxFiles)
        {
            return $"At most {MaxFiles} configuration files can be uploaded; this request has {files.Count}.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var total = 0L;
        foreach (var file in files)
        {
            if (file is null || BundlePath.Check(file.Path) is { } pathError)
            {
                return $"The file '{file?.Path}' cannot be uploaded: {BundlePath.Check(file?.Path)}";
            }

            if (!seen.Add(file.Path))
            {
                return $"The file '{file.Path}' is uploaded twice.";
            }

            if (file.Content is null || file.Content.Length > MaxFileCharacters)
            {
                return $"The file '{file.Path}' must have content of at most {MaxFileCharacters} characters.";
            }

            total += file.Content.Length;
        }

        return total > MaxTotalCharacters ? $"The configuration files are at most {MaxTotalCharacters} characters together." : null;
    }
}
