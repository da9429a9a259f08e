using FleetPortal.Core.Packages;

namespace FleetPortal.Core.Tests.Packages;

public sealed class NixAttrPathTests
{
    [Theory]
    [InlineData("firefox", new[] { "firefox" })]
    [InlineData("python3Packages.requests", new[] { "python3Packages", "requests" })]
    [InlineData("_1password-gui", new[] { "_1password-gui" })]
    [InlineData("nodePackages.\"@angular/cli\"", new[] { "nodePackages", "@angular/cli" })]
    [InlineData("kdePackages.kate", new[] { "kdePackages", "kate" })]
    [InlineData("haskellPackages.lens'", new[] { "haskellPackages", "lens'" })]
    [InlineData("\"1password\"", new[] { "1password" })]
    public void Parse_AcceptsPackageNamesFromNixpkgs(string name, string[] segments)
    {
        var path = NixAttrPath.Parse(name);

        Assert.Equal(name, path.Value);
        Assert.Equal(segments, path.Segments);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData(null, "required")]
    [InlineData("   ", "only spaces")]
    [InlineData(" firefox", "space")]
    [InlineData("fire fox", "no spaces")]
    [InlineData("firefox;", "would end a Nix expression")]
    [InlineData("a${b}", "interpolation")]
    [InlineData("nodePackages.\"${x}\"", "interpolation")]
    [InlineData("fire\"fox", "quotes may only surround a whole segment")]
    [InlineData("let", "keyword")]
    [InlineData("pkgs.with", "keyword")]
    [InlineData("rec", "keyword")]
    [InlineData("inherit", "keyword")]
    [InlineData("import", "keyword")]
    [InlineData("1password", "cannot start with a digit")]
    [InlineData(".firefox", "cannot start with a dot")]
    [InlineData("firefox.", "cannot end with a dot")]
    [InlineData("a..b", "two dots")]
    [InlineData("a\nb", "line break")]
    [InlineData("a#b", "comment")]
    [InlineData("a/*b*/", "comment")]
    [InlineData("\"abc", "not closed")]
    [InlineData("\"\"", "cannot be empty")]
    [InlineData("\"a\"b", "follows a quoted segment")]
    [InlineData("\"a\\\"b\"", "escape")]
    [InlineData("\"a b\"", "no spaces")]
    [InlineData("caf\u00e9", "non-ASCII")]
    [InlineData("\"caf\u00e9\"", "only ASCII")]
    [InlineData("a\u0000b", "control character")]
    public void TryParse_RejectsWithTheReason(string? name, string reason)
    {
        Assert.False(NixAttrPath.TryParse(name, out var path, out var error));
        Assert.Null(path);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_AcceptsTwoHundredCharactersAndRejectsMore()
    {
        Assert.True(NixAttrPath.TryParse(new string('a', NixAttrPath.MaxLength), out _, out _));
        Assert.False(NixAttrPath.TryParse(new string('a', NixAttrPath.MaxLength + 1), out _, out var error));
        Assert.Contains("at most 200 characters", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenTheNameIsInvalid_ThrowsFormatExceptionWithTheReason()
    {
        var exception = Assert.Throws<FormatException>(() => NixAttrPath.Parse("let"));
        Assert.Contains("keyword", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"firefox\"", "firefox")]
    [InlineData("python3Packages.\"requests\"", "python3Packages.requests")]
    [InlineData("\"let\"", "\"let\"")]
    [InlineData("\"a.b\".c", "\"a.b\".c")]
    public void Value_QuotesASegmentOnlyWhenItMust(string name, string canonical) =>
        Assert.Equal(canonical, NixAttrPath.Parse(name).Value);

    [Fact]
    public void Equality_TreatsQuotedAndUnquotedSpellingsAsOnePackage()
    {
        var quoted = NixAttrPath.Parse("\"firefox\"");
        var plain = NixAttrPath.Parse("firefox");

        Assert.Equal(plain, quoted);
        Assert.Equal(plain.GetHashCode(), quoted.GetHashCode());
        Assert.NotEqual(plain, NixAttrPath.Parse("Firefox"));
    }

    [Fact]
    public void Ordering_IsOrdinal()
    {
        var sorted = new[] { "zsh", "Zsh", "_1password-gui", "a.b", "a" }.Select(NixAttrPath.Parse).Order().Select(p => p.Value);

        Assert.Equal(["Zsh", "_1password-gui", "a", "a.b", "zsh"], sorted);
    }

    [Fact]
    public void ToNixExpression_SelectsFromThePackageSet()
    {
        Assert.Equal("pkgs.nodePackages.\"@angular/cli\"", NixAttrPath.Parse("nodePackages.\"@angular/cli\"").ToNixExpression());
        Assert.Equal("unstable.firefox", NixAttrPath.Parse("firefox").ToNixExpression("unstable"));
    }

    [Fact]
    public void ToNixExpression_WhenThePackageSetIsNotAnIdentifier_Throws() =>
        Assert.Throws<ArgumentException>(() => NixAttrPath.Parse("firefox").ToNixExpression("pkgs; x"));
}
