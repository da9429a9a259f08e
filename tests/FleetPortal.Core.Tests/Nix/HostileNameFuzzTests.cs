using System.Text;
using System.Text.Json;
using FleetPortal.Core.Bundles;
using FleetPortal.Core.Packages;
using Xunit.Abstractions;

namespace FleetPortal.Core.Tests.Nix;

/// <summary>
/// Every generated name is either refused with a reason in words, or reaches the real Nix
/// evaluator as exactly the attribute path it names. Accepted names are checked in batches (one
/// evaluator run per batch), twice: as FleetPortal renders them, and as the person typed them.
/// </summary>
public sealed class HostileNameFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20261125;
    private const int Count = 10_000;
    private const int BatchSize = 1_000;
    private readonly ScratchDirectory scratch = new();

    [Fact]
    public void EveryHostileName_IsRefusedWithAReasonOrReadBackByNixAsExactlyItsPath()
    {
        var names = new HostileNames(Seed);
        var accepted = new List<(string Typed, NixAttrPath Path)>();
        var refused = 0;
        foreach (var typed in names.Take(Count))
        {
            if (NixAttrPath.TryParse(typed, out var path, out var error))
            {
                accepted.Add((typed, path));
                continue;
            }

            refused++;
            Assert.True(error.Length >= 20 && error.EndsWith('.'), Context($"The refusal of {Show(typed)} does not read as a reason: {Show(error)}"));
        }

        // Guard against a generator that only produces one kind of name.
        Assert.True(accepted.Count >= Count / 5, Context($"Only {accepted.Count} of {Count} names were accepted; the evaluator checks too few."));
        Assert.True(refused >= Count / 5, Context($"Only {refused} of {Count} names were refused; the generator is not hostile enough."));

        output.WriteLine($"Seed {Seed}: {accepted.Count} accepted ({accepted.Select(a => a.Path).Distinct().Count()} distinct), {refused} refused.");
        foreach (var batch in accepted.Chunk(BatchSize))
        {
            try
            {
                CheckBatch(batch);
            }
            catch (Exception e) when (!e.Message.Contains("fuzz seed", StringComparison.Ordinal))
            {
                throw new Xunit.Sdk.XunitException(Context($"A batch of accepted names failed in the evaluator: {e.Message}"), e);
            }
        }
    }

    private void CheckBatch((string Typed, NixAttrPath Path)[] batch)
    {
        var paths = batch.Select(b => b.Path).ToList();
        StandInPackages.Write(scratch.Path, paths);

        // As FleetPortal renders them: sorted, de-duplicated, each read back as its own segments.
        scratch.Write(BundleFileNames.Packages, BundleRenderer.RenderPackages(paths));
        var rendered = StandInPackages.Selected(scratch.Path, BundleFileNames.Packages);
        var expected = BundleRenderer.Normalise(paths);
        Assert.True(expected.Count == rendered.Count, Context($"{expected.Count} packages were rendered but Nix selected {rendered.Count}."));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Segments.SequenceEqual(rendered[i]), Context($"{Show(expected[i].Value)} was read back by Nix as {Show(string.Join(" / ", rendered[i]))}."));
        }

        // As the person typed them: Nix must read the accepted text itself as the same path the
        // validator saw, or the validator misunderstands Nix.
        var typed = new StringBuilder("{ pkgs, ... }:\n{\n  environment.systemPackages = [\n");
        foreach (var (text, _) in batch)
        {
            typed.Append("    pkgs.").Append(text).Append('\n');
        }

        scratch.Write("typed.nix", typed.Append("  ];\n}\n").ToString());
        var read = StandInPackages.Selected(scratch.Path, "typed.nix");
        Assert.True(batch.Length == read.Count, Context($"{batch.Length} typed names gave {read.Count} packages."));
        for (var i = 0; i < batch.Length; i++)
        {
            Assert.True(batch[i].Path.Segments.SequenceEqual(read[i]), Context($"{Show(batch[i].Typed)} was accepted as {Show(string.Join(" / ", batch[i].Path.Segments))} but Nix reads it as {Show(string.Join(" / ", read[i]))}."));
        }
    }

    private static string Context(string message) => $"{message} (fuzz seed {Seed}, {Count} names)";

    private static string Show(string text) => JsonSerializer.Serialize(text);

    public void Dispose() => scratch.Dispose();
}
