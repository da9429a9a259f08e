using System.Text;

namespace FleetPortal.Core.Tests.Nix;

/// <summary>
/// Generates package names a careless or hostile person might type: valid-looking names mixed
/// with quotes, interpolations, comments, line breaks, unicode, keywords, dots, backslashes and
/// very long runs. Reproducible from its seed.
/// </summary>
public sealed class HostileNames(int seed)
{
    private static readonly string[] Identifiers =
    [
        "firefox", "python3Packages", "requests", "_1password-gui", "kdePackages", "kate", "nodePackages",
        "lens'", "a", "_", "x-y", "gnome3", "Z", "a''b", "foo-", "pkgs", "lib", "self", "super",
    ];

    private static readonly string[] Keywords =
    [
        "let", "in", "with", "rec", "inherit", "import", "if", "then", "else", "assert", "or", "true",
        "false", "null", "builtins", "throw", "abort", "__curPos",
    ];

    private static readonly string[] Hostile =
    [
        "\"", "${", "${pkgs.evil}", "}", "$", "\\", "\\\"", ";", "\n", "\r\n", "\t", " ", "#", "# comment",
        "/*", "*/", "/* x */", "''", "''${", "'", "(", ")", "[", "]", "{", "}", ":", "=", "//", "++", "@",
        "/", "?", "!", ",", "<nixpkgs>", "./x", "http://a", "\0", "\u00e9", "\u00fc", "\u202e", "\u200b",
        "\ud83d\ude00", "\ud800", "\u0430", "\uff0e", "1", "9lives", "-", ".", "..", "...",
    ];

    private static readonly string QuotedAlphabet =
        "abcXYZ019_-@/+.:#*!?,;'()[]{}<>=%&|~^`" + "\"\\$ \t\n\u00e9";

    private readonly Random random = new(seed);

    public int Seed => seed;

    public IEnumerable<string> Take(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    public string Next() => random.Next(20) switch
    {
        0 => new string(Pick("abcdefghij_-'".ToCharArray()), random.Next(195, 210)),
        1 => string.Join('.', Enumerable.Range(0, random.Next(40, 80)).Select(_ => Pick(Identifiers))),
        2 => Pick(Keywords),
        _ => Composed(),
    };

    // Segments joined mostly by dots, each one plain, quoted, a keyword or something hostile.
    private string Composed()
    {
        var text = new StringBuilder();
        var segments = random.Next(1, 5);
        for (var i = 0; i < segments; i++)
        {
            if (i > 0)
            {
                text.Append(random.Next(10) == 0 ? Pick(Hostile) : ".");
            }

            text.Append(random.Next(10) switch
            {
                < 4 => Pick(Identifiers),
                < 7 => Quoted(),
                7 => Pick(Keywords),
                8 => Pick(Identifiers) + Pick(Hostile) + (random.Next(2) == 0 ? Pick(Identifiers) : ""),
                _ => Pick(Hostile),
            });
        }

        return text.ToString();
    }

    private string Quoted()
    {
        // Quoted keywords and plain names are legal too: "let" stays quoted, "firefox" loses its quotes.
        switch (random.Next(8))
        {
            case 0:
                return "\"" + Pick(Keywords) + "\"";
            case 1:
                return "\"" + Pick(Identifiers) + "\"";
        }

        var content = new StringBuilder();
        var length = random.Next(0, 12);
        for (var i = 0; i < length; i++)
        {
            // Mostly harmless characters, so many quoted names are accepted and reach the evaluator.
            content.Append(random.Next(8) == 0 ? Pick(QuotedAlphabet.ToCharArray()) : Pick("abcxyz019_-@/+.:#*".ToCharArray()));
        }

        if (random.Next(6) == 0)
        {
            content.Append(Pick(["${x}", "/* c */", "# c", "''", "\\n", "${", "\""]));
        }

        return random.Next(25) == 0 ? "\"" + content : "\"" + content + "\"";
    }

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];
}
