namespace FleetPortal.Web.Services.Hosts;

/// <summary>
/// One file of a rendered bundle. <see cref="ContentHash"/> is what an editor sends back as the base
/// of its edit; generated files cannot be edited.
/// </summary>
public sealed record ConfigurationFile(string Path, string Content, string ContentHash, bool IsGenerated);
