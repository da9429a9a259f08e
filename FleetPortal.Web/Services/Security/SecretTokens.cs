using System.Security.Cryptography;
using System.Text;

namespace FleetPortal.Web.Services.Security;

/// <summary>
/// Makes and hashes the portal's secrets: agent tokens, personal access tokens, enrolment codes.
/// Each secret is random with at least 40 bits (codes) or 256 bits (tokens) of entropy, so one
/// SHA-256 is enough to store it; only the hash ever reaches the database or a log.
/// </summary>
public static class SecretTokens
{
    // No 0/O or 1/I/L: codes are read aloud and typed by hand.
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>A bearer token such as <c>fpa_3q9...</c>; the prefix says what it is for.</summary>
    public static string NewToken(string prefix) =>
        prefix + "_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>An enrolment code in the form <c>ABCD-EFGH</c>.</summary>
    public static string NewEnrolmentCode()
    {
        var chars = RandomNumberGenerator.GetItems<char>(CodeAlphabet, 8);
        return new string(chars, 0, 4) + "-" + new string(chars, 4, 4);
    }

    /// <summary>Enrolment codes are typed by people: ignore case, spaces and dashes.</summary>
    public static string NormaliseCode(string code) =>
        new(code.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
