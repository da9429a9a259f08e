namespace FleetPortal.Web.Services.Catalog;

/// <summary>One package as a catalog file describes it; <paramref name="Problem"/> says why the fleet cannot use it, if so.</summary>
public sealed record CatalogEntry(string AttrPath, string Name, string Version, string Description, string? Problem = null);
