namespace FleetPortal.Core.Packages;

/// <summary>
/// The grammar of a package attribute path. Unquoted segments are Nix identifiers that are not
/// keywords; quoted segments may hold printable ASCII except the characters that would end the
/// string or start an interpolation or escape (<c>"</c>, <c>\</c>, <c>$</c>).
/// </summary>
internal static class NixAttrPathRules
{
    // Nix keywords, and names that read as code rather than as a package.
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

            if (text[position] != '.')
            {
                return $"Unexpected {Describe(text[position])} at position {position + 1}: segments are joined by dots.";
            }

            position++;
            if (position == text.Length)
            {
                return "A package name cannot end with a dot.";
            }
        }

        segments = found;
        return null;
    }

    private static string? ReadIdentifier(string text, ref int position, List<string> found)
    {
        var start = position;
        var first = text[position];
        if (first == '.')
        {
            return $"Empty segment at position {position + 1}: two dots in a row, or a leading dot.";
        }

        if (char.IsAsciiDigit(first))
        {
            return $"A name cannot start with a digit (\"{Segment(text, start)}\"); nixpkgs prefixes such names with an underscore, as in _1password-gui.";
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
            if (c is '\\' or '$' || c < 0x21 || c > 0x7E)
            {
                return $"{Capitalised(Describe(c))} at position {position + 1} is not allowed inside a quoted name.";
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
        _ when char.IsWhiteSpace(c) => " (package names have no spaces; add one package at a time)",
        _ => "",
    };

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\t' => "a tab",
        '\n' or '\r' => "a line break",
        _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
        _ when c > 0x7E => $"the non-ASCII character '{c}' (U+{(int)c:X4})",
        _ => $"the character '{c}'",
    };

    private static string Capitalised(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
