using FleetPortal.Core.Bundles;

namespace FleetPortal.Web.Services.Hosts;

internal static class ConfigurationFiles
{
    public static IReadOnlyList<ConfigurationFile> Of(Bundle bundle) =>
        bundle.Files
            .Select(f => new ConfigurationFile(f.Path, f.Content, FileContentHash.Compute(f.Content), BundleFileNames.Generated.Contains(f.Path)))
            .ToList();
}
