using System.Text.Json.Serialization;

namespace FleetPortal.Web.Services.Catalog;

/// <summary>The fields of one <c>nix-env -qaP --json --meta</c> entry that the catalog keeps.</summary>
internal sealed record NixEnvPackage(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("pname")] string? Pname,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("meta")] NixEnvMeta? Meta);

internal sealed record NixEnvMeta([property: JsonPropertyName("description")] string? Description);

[JsonSerializable(typeof(NixEnvPackage))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
