using System.Text.RegularExpressions;
using FleetPortal.Core.Tests.Nix;

namespace FleetPortal.Core.Tests.Packaging;

/// <summary>The Nix examples of the NixOS guide parse, so a reader can paste them.</summary>
public sealed partial class DocsNixSnippetsTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    [Fact]
    public void EveryNixExampleOfTheNixosGuide_Parses()
    {
        var guide = File.ReadAllText(RepositoryRoot.File("docs", "install-nixos.md"));
        var snippets = NixBlock().Matches(guide).Select(m => m.Groups[1].Value).ToList();

        Assert.True(snippets.Count >= 5, $"Expected the guide's Nix examples, found {snippets.Count}.");
        for (var i = 0; i < snippets.Count; i++)
        {
            NixInstantiate.AssertParses(scratch.Write($"example-{i + 1}.nix", snippets[i]));
        }
    }

    [GeneratedRegex("```nix\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex NixBlock();

    public void Dispose() => scratch.Dispose();
}
