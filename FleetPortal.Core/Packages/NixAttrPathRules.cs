namespace FleetPortal.Core.Packages;

/// <summary>
/// The grammar of a package attribute path. Unquoted segments are Nix identifiers
/// (<c>[A-Za-z_][A-Za-z0-9_'-]*</c>) that are not keywords; quoted segments may hold printable ASCII
/// except the characters that would end the string or start an interpolation or escape
/// (<c>"</c>, <c>\</c>, <c>$</c>). Segments are joined by dots.
/// </summary>
internal static class NixAttrPathRules
{
    // Nix keywords (the parser reads them as syntax, never as a name), and names that read as code
    // rather than as a package. Quoted, they are plain attribute names and allowed.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or",
        "import", "true", "false", "null", "builtins", "throw", "abort", "__curPos",
    };

    public static string? Check(string? text, out IReadOnlyList<string>? segments)
    {
        segments = null;
        if (string.IsNullOrEmpty(text))
        {
            return "A package name is required.";
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return "A package name cannot be only spaces.";
        }

        if (text.Length > NixAttrPath.MaxLength)
        {
            return $"A package name is at most {NixAttrPath.MaxLength} characters; this one has {text.Length}.";
        }

        var found = new List<string>();
        var position = 0;
        while (true)
        {
            var error = text[position] == '"'
                ? ReadQuoted(text, ref position, found)
                : ReadIdentifier(text, ref position, found);
            if (error is not null)
            {
                return error;
            }

            if (position == text.Length)
            {
                break;
            }

            // Only a quoted segment can stop before a dot: an identifier runs up to the dot or fails.
            if (text[position] != '.')
            {
                return $"{Capitalised(Describe(text[position]))} at position {position + 1} follows a quoted segment: segments are joined by dots.";
            }

            position++;
            if (position == text.Length)
            {
                return "A package name cannot end with a dot.";
            }
        }

        segments = found.AsReadOnly();
        return null;
    }

    /// <summary>Whether <paramref name="segment"/> can be written without quotes after a dot.</summary>
    public static bool IsPlainIdentifier(string segment) =>
        segment.Length > 0
        && IsIdentifierStart(segment[0])
        && segment.All(IsIdentifierPart)
        && !Reserved.Contains(segment);

    private static string? ReadIdentifier(string text, ref int position, List<string> found)
    {
        var start = position;
        var first = text[position];
        if (first == '.')
        {
            return position == 0
                ? "A package name cannot start with a dot."
                : $"Empty segment at position {position + 1}: two dots in a row.";
        }

        if (char.IsAsciiDigit(first))
        {
            return $"A name cannot start with a digit (\"{Segment(text, start)}\"); nixpkgs prefixes such names with an underscore, as in _1password-gui, or quote the segment.";
        }

        if (!IsIdentifierStart(first))
        {
            return $"{Capitalised(Describe(first))} at position {position + 1} is not allowed in a package name{Hint(first)}.";
        }

        position++;
        while (position < text.Length && text[position] != '.')
        {
            var c = text[position];
            if (!IsIdentifierPart(c))
            {
                return $"{Capitalised(Describe(c))} at position {position + 1} is not allowed in a package name{Hint(c)}.";
            }

            position++;
        }

        var name = text[start..position];
        if (Reserved.Contains(name))
        {
            return $"\"{name}\" is a Nix keyword or built-in, not a package name.";
        }

        found.Add(name);
        return null;
    }

    private static string? ReadQuoted(string text, ref int position, List<string> found)
    {
        var start = ++position;
        while (position < text.Length && text[position] != '"')
        {
            var c = text[position];
            if (c is '\\' or '$' || c <= 0x20 || c > 0x7E)
            {
                return $"{Capitalised(Describe(c))} at position {position + 1} is not allowed inside a quoted name{QuotedHint(c)}.";
            }

            position++;
        }

        if (position == text.Length)
        {
            return "A quoted segment is not closed: add the closing \".";
        }

        if (position == start)
        {
            return "A quoted segment cannot be empty.";
        }

        found.Add(text[start..position]);
        position++;
        return null;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '\'' or '-';

    private static string Segment(string text, int start)
    {
        var end = text.IndexOf('.', start);
        return end < 0 ? text[start..] : text[start..end];
    }

    private static string Hint(char c) => c switch
    {
        '"' => " (quotes may only surround a whole segment, as in nodePackages.\"@angular/cli\")",
        '$' => " (it could start a Nix interpolation)",
        ';' => " (it would end a Nix expression)",
        '#' or '/' => " (outside quotes it could start a Nix comment or a path)",
        _ when char.IsWhiteSpace(c) => " (package names have no spaces; add one package at a time)",
        _ => "",
    };

    private static string QuotedHint(char c) => c switch
    {
        '$' => " (it could start a Nix interpolation)",
        '\\' => " (it would start an escape)",
        ' ' => " (package names have no spaces)",
        _ when c < 0x20 => " (only printable characters)",
        _ when c > 0x7E => " (only ASCII characters)",
        _ => "",
    };

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\t' => "a tab",
        '\n' or '\r' => "a line break",
        _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
        // A lone surrogate cannot be shown on its own; name it by number.
        _ when char.IsSurrogate(c) => $"the non-ASCII character U+{(int)c:X4}",
        _ when c > 0x7E => $"the non-ASCII character '{c}' (U+{(int)c:X4})",
        _ => $"the character '{c}'",
    };

    private static string Capitalised(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
