namespace FleetPortal.Web.Services.Hosts;

/// <summary>Which hostnames the fleet accepts: one RFC 1123 label in lower case, as NixOS's networking.hostName.</summary>
public static class HostNames
{
    public const int MaxLength = 63;

    /// <summary>Null when <paramref name="name"/> is a valid hostname, else why not.</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A hostname is required.";
        }

        if (name.Length > MaxLength)
        {
            return $"A hostname is at most {MaxLength} characters; this one has {name.Length}.";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return char.IsAsciiLetterUpper(c)
                    ? "A hostname is written in lower case."
                    : $"The character '{c}' is not allowed in a hostname (lower-case letters, digits and '-').";
            }
        }

        if (name.StartsWith('-') || name.EndsWith('-'))
        {
            return "A hostname cannot start or end with '-'.";
        }

        return null;
    }
}
