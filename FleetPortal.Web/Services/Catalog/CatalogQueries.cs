using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Catalog;

/// <summary>What the catalog holds: the last import, and packages matching what a person types.</summary>
public sealed class CatalogQueries(IDbContextFactory<FleetDbContext> dbFactory)
{
    public async Task<CatalogImport?> LatestImportAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CatalogImports.AsNoTracking().OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Packages whose attribute path starts with the text, then those whose path or description contains it.</summary>
    public async Task<IReadOnlyList<CatalogPackage>> SearchAsync(string? text, int limit = 20, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        text = text.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var packages = db.CatalogPackages.AsNoTracking();
        var starting = await packages.Where(p => p.AttrPath.StartsWith(text))
            .OrderBy(p => p.AttrPath.Length).ThenBy(p => p.AttrPath).Take(limit).ToListAsync(cancellationToken);
        if (starting.Count == limit)
        {
            return starting;
        }

        var known = starting.Select(p => p.AttrPath).ToList();
        var containing = await packages.Where(p => !known.Contains(p.AttrPath) && (p.AttrPath.Contains(text) || p.Description.Contains(text)))
            .OrderBy(p => p.AttrPath).Take(limit - starting.Count).ToListAsync(cancellationToken);
        return [.. starting, .. containing];
    }

    /// <summary>Whether the package is in the catalog; null when no catalog was ever imported.</summary>
    public async Task<bool?> IsKnownAsync(string attrPath, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.CatalogPackages.AnyAsync(cancellationToken))
        {
            return null;
        }

        return await db.CatalogPackages.AnyAsync(p => p.AttrPath == attrPath, cancellationToken);
    }
}
