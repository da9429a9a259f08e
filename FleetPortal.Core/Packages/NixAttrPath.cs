using System.Diagnostics.CodeAnalysis;

namespace FleetPortal.Core.Packages;

/// <summary>
/// A package name as a validated Nix attribute path below <c>pkgs</c>, such as <c>firefox</c>,
/// <c>python3Packages.requests</c> or <c>nodePackages."@angular/cli"</c>. Only values of this type
/// ever reach generated Nix text, so a hostile name can never become Nix code.
/// </summary>
public sealed class NixAttrPath : IEquatable<NixAttrPath>, IComparable<NixAttrPath>
{
    public const int MaxLength = 200;

    private NixAttrPath(string value, IReadOnlyList<string> segments)
    {
        Value = value;
        Segments = segments;
    }

    /// <summary>
    /// The canonical text, exactly as it is written after <c>pkgs.</c> in Nix: a segment is quoted
    /// only when it must be, so <c>"firefox"</c> and <c>firefox</c> are the same package.
    /// </summary>
    public string Value { get; }

    /// <summary>The attribute names, unquoted (<c>nodePackages</c>, <c>@angular/cli</c>).</summary>
    public IReadOnlyList<string> Segments { get; }

    public static NixAttrPath Parse(string? text) =>
        TryParse(text, out var path, out var error) ? path : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out NixAttrPath? path, [NotNullWhen(false)] out string? error)
    {
        path = null;
        error = NixAttrPathRules.Check(text, out var segments);
        if (error is not null)
        {
            return false;
        }

        path = new NixAttrPath(Canonical(segments!), segments!);
        return true;
    }

    // Quoted segments never hold '"', '\' or '$' (the rules refuse them), so no escaping is needed.
    private static string Canonical(IReadOnlyList<string> segments) =>
        string.Join('.', segments.Select(s => NixAttrPathRules.IsPlainIdentifier(s) ? s : $"\"{s}\""));

    /// <summary>The Nix expression that selects this package from <paramref name="packageSet"/>.</summary>
    public string ToNixExpression(string packageSet = "pkgs") =>
        NixAttrPathRules.IsPlainIdentifier(packageSet)
            ? $"{packageSet}.{Value}"
            : throw new ArgumentException($"The package set must be a plain Nix identifier, not \"{packageSet}\".", nameof(packageSet));

    public override string ToString() => Value;

    public bool Equals(NixAttrPath? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is NixAttrPath other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public int CompareTo(NixAttrPath? other) => other is null ? 1 : string.CompareOrdinal(Value, other.Value);
}
