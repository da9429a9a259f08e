using System.Security.Cryptography;
using System.Text;

namespace FleetPortal.Core.Bundles;

/// <summary>
/// The content hash of a bundle: SHA-256 over the files sorted by path (ordinal), each written as
/// its UTF-8 path, a NUL byte, its UTF-8 length in bytes as decimal digits, a NUL byte, then its
/// UTF-8 content. The lengths make the encoding unambiguous; agents in any language can recompute it.
/// </summary>
public static class BundleHash
{
    public static string Compute(IEnumerable<BundleFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var content = Encoding.UTF8.GetBytes(file.Content);
            hash.AppendData(Encoding.UTF8.GetBytes(file.Path));
            hash.AppendData([0]);
            hash.AppendData(Encoding.ASCII.GetBytes(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            hash.AppendData([0]);
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
