using FleetPortal.Core.Bundles;

namespace FleetPortal.Core.Tests.Bundles;

public sealed class BundleHashTests
{
    private static readonly BundleFile[] Files = [new("configuration.nix", "{ }\n"), new("modules/a.nix", "{ ... }: { }\n")];

    [Fact]
    public void Compute_IsTheSameWhateverTheOrderOfTheFiles() =>
        Assert.Equal(BundleHash.Compute(Files), BundleHash.Compute(Files.Reverse()));

    [Fact]
    public void Compute_MatchesTheDocumentedEncoding()
    {
        // Recomputed by hand from the documented layout: path NUL length NUL content, sorted by path.
        var bytes = "configuration.nix\u00004\u0000{ }\nmodules/a.nix\u000013\u0000{ ... }: { }\n"u8.ToArray();
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

        Assert.Equal(expected, BundleHash.Compute(Files));
    }

    [Fact]
    public void Compute_ChangesWithEveryByteOfEveryContentAndPath()
    {
        var original = BundleHash.Compute(Files);
        var seen = new HashSet<string> { original };
        for (var file = 0; file < Files.Length; file++)
        {
            for (var i = 0; i < Files[file].Content.Length; i++)
            {
                var changed = Files.ToArray();
                var content = Files[file].Content.ToCharArray();
                content[i] = (char)(content[i] ^ 1);
                changed[file] = changed[file] with { Content = new string(content) };
                Assert.True(seen.Add(BundleHash.Compute(changed)), $"Flipping a bit of {Files[file].Path} at {i} gave a hash seen before.");
            }

            var renamed = Files.ToArray();
            renamed[file] = renamed[file] with { Path = renamed[file].Path + "x" };
            Assert.True(seen.Add(BundleHash.Compute(renamed)), $"Renaming {Files[file].Path} kept a hash seen before.");
        }
    }

    [Fact]
    public void Compute_TellsApartContentMovedBetweenPathAndContent()
    {
        // Without the lengths, "a" + "bc" and "ab" + "c" could encode the same.
        Assert.NotEqual(BundleHash.Compute([new("a", "bc")]), BundleHash.Compute([new("ab", "c")]));
        Assert.NotEqual(BundleHash.Compute([new("a", "x"), new("b", "")]), BundleHash.Compute([new("a", ""), new("b", "x")]));
    }

    [Fact]
    public void Compute_IsLowercaseHexOfSha256() =>
        Assert.Matches("^[0-9a-f]{64}$", BundleHash.Compute(Files));
}
