using FleetPortal.Core.Tests.Nix;

namespace FleetPortal.Core.Tests.Packaging;

public sealed class NixFilesParseTests
{
    private static readonly string[] Skipped = ["bin", "obj", ".git", "node_modules", "data"];

    public static TheoryData<string> NixFiles() => new(Files());

    private static List<string> Files() =>
        [.. Directory.EnumerateFiles(RepositoryRoot.Path, "*.nix", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(Skipped.Contains))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(NixFiles))]
    public void EveryNixFileOfTheRepository_Parses(string file) =>
        NixInstantiate.AssertParses(RepositoryRoot.File(file));

    [Fact]
    public void TheRepository_HasTheNixFilesOfThePackaging()
    {
        var files = Files();

        Assert.Contains("flake.nix", files);
        Assert.Contains("default.nix", files);
        Assert.Contains(Path.Combine("nix", "modules", "fleetportal.nix"), files);
        Assert.Contains(Path.Combine("nix", "modules", "fleetportal-agent.nix"), files);
        Assert.Contains(Path.Combine("nix", "tests", "fleet.nix"), files);
    }
}
