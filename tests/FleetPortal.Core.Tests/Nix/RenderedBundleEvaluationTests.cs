using FleetPortal.Core.Bundles;
using FleetPortal.Core.Packages;

namespace FleetPortal.Core.Tests.Nix;

/// <summary>Rendered bundles read by the real Nix evaluator.</summary>
public sealed class RenderedBundleEvaluationTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    private static readonly string[] Names =
    [
        "firefox", "python3Packages.requests", "_1password-gui", "nodePackages.\"@angular/cli\"",
        "kdePackages.kate", "haskellPackages.lens'", "\"1password\"", "\"let\"", "python3Packages.\"a.b\"", "vlc", "firefox",
    ];

    private void WriteBundle(Bundle bundle)
    {
        foreach (var file in bundle.Files)
        {
            scratch.Write(file.Path, file.Content);
        }
    }

    [Fact]
    public void EveryRenderedFile_ParsesAsNix()
    {
        var bundle = BundleRenderer.Render(Names.Select(NixAttrPath.Parse), [new BundleFile("configuration.nix", "{ ... }: { }\n")]);
        WriteBundle(bundle);

        foreach (var file in bundle.Files)
        {
            NixInstantiate.AssertParses(Path.Combine(scratch.Path, file.Path));
        }
    }

    [Fact]
    public void ThePackagesFile_SelectsExactlyTheRequestedPackagesInOrder()
    {
        var packages = Names.Select(NixAttrPath.Parse).ToList();
        WriteBundle(BundleRenderer.Render(packages, []));
        StandInPackages.Write(scratch.Path, packages);

        var selected = StandInPackages.Selected(scratch.Path, BundleFileNames.Packages);

        Assert.Equal(BundleRenderer.Normalise(packages).Select(p => p.Segments), selected);
        Assert.Equal(10, selected.Count);
    }

    [Fact]
    public void ThePackagesFile_WithAPackageMissingFromTheSet_FailsToEvaluate()
    {
        // Proves the stand-in check can fail: a package Nix cannot find is an error, not a silent skip.
        WriteBundle(BundleRenderer.Render([NixAttrPath.Parse("firefox"), NixAttrPath.Parse("vlc")], []));
        StandInPackages.Write(scratch.Path, [NixAttrPath.Parse("firefox")]);

        var result = NixInstantiate.TryEval($"(import ./{BundleFileNames.Packages} {{ pkgs = builtins.fromJSON (builtins.readFile ./{StandInPackages.FileName}); }}).environment.systemPackages", scratch.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("vlc", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheEntryPoint_ImportsTheFilesOfTheBundle(bool withConfiguration)
    {
        BundleFile[] files = withConfiguration ? [new BundleFile("configuration.nix", "{ ... }: { networking.hostName = \"alice-laptop\"; }\n")] : [];
        WriteBundle(BundleRenderer.Render([NixAttrPath.Parse("firefox")], files));

        var imports = NixInstantiate.EvalJson($"map builtins.baseNameOf (import ./{BundleFileNames.EntryPoint}).imports", scratch.Path);

        string[] expected = withConfiguration ? ["configuration.nix", "fleetportal-packages.nix"] : ["fleetportal-packages.nix"];
        Assert.Equal(expected, imports.EnumerateArray().Select(e => e.GetString()));
        Assert.All(imports.EnumerateArray(), name => Assert.True(File.Exists(Path.Combine(scratch.Path, name.GetString()!))));
    }

    public void Dispose() => scratch.Dispose();
}
