using FleetPortal.Web.Services.Security;

namespace FleetPortal.Web.Services.Hosts;

/// <summary>
/// The hash of one file's text (SHA-256, lower-case hex). An editor sends it back with its edit so
/// the workflow can tell whether the file changed in between.
/// </summary>
public static class FileContentHash
{
    public static string Compute(string content) => SecretTokens.Hash(content);
}
