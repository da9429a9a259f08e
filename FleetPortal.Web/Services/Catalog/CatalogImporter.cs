using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Failures;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Catalog;

/// <summary>
/// Replaces the package catalog with an uploaded one, in one transaction: a file that turns out
/// to be bad halfway through leaves the previous catalog as it was.
/// </summary>
public sealed class CatalogImporter(IDbContextFactory<FleetDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    private const int BatchSize = 2000;

    public async Task<CatalogImportResult> ImportAsync(Actor actor, Stream json, CancellationToken cancellationToken = default)
    {
        if (!FleetAccess.CanManageFleet(actor))
        {
            throw new AccessDeniedFailure("Only support staff import the package catalog.");
        }

        var started = time.GetTimestamp();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.CatalogPackages.ExecuteDeleteAsync(cancellationToken);

        var count = 0;
        var skipped = 0;
        var skippedExamples = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var entry in CatalogJsonReader.ReadAsync(json, cancellationToken))
            {
                // One odd name among a hundred thousand must not keep the rest out; it is reported instead.
                if (entry.Problem is not null)
                {
                    if (++skipped <= 3)
                    {
                        skippedExamples.Add($"\"{entry.AttrPath}\": {entry.Problem}");
                    }

                    continue;
                }

                // nix-env lists a package once per channel prefix; the first wins.
                if (!seen.Add(entry.AttrPath))
                {
                    continue;
                }

                db.CatalogPackages.Add(new CatalogPackage
                {
                    AttrPath = entry.AttrPath,
                    Name = entry.Name,
                    Version = entry.Version,
                    Description = entry.Description,
                });
                if (++count % BatchSize == 0)
                {
                    await db.SaveChangesAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                }
            }
        }
        catch (CatalogFormatException exception)
        {
            return CatalogImportResult.Failed(exception.Message);
        }

        if (count == 0)
        {
            return CatalogImportResult.Failed("The catalog holds no packages.");
        }

        var now = time.GetUtcNow();
        db.CatalogImports.Add(new CatalogImport { ImportedAt = now, ImportedBy = actor.Description, PackageCount = count });
        audit.Record(db, actor, AuditActions.CatalogImported, $"{actor.Description} imported a package catalog of {count} packages.");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CatalogImportResult(true, null, count, now, time.GetElapsedTime(started), skipped, skippedExamples);
    }
}
