using System.Text.Json;
using System.Text.Json.Nodes;
using FleetPortal.Core.Packages;

namespace FleetPortal.Core.Tests.Nix;

/// <summary>
/// A stand-in for nixpkgs' <c>pkgs</c>: an attribute set holding exactly the given paths, where
/// each package is an attribute set recording its own path under the key <c>$leaf</c>. No package
/// name can be <c>$leaf</c> (a name never holds '$'), so the record cannot be mistaken for a package.
/// Evaluating a generated packages file against it tells which paths Nix really selected.
/// </summary>
public static class StandInPackages
{
    public const string FileName = "stand-in-pkgs.json";

    /// <summary>Writes the stand-in set for <paramref name="paths"/> into <paramref name="directory"/>.</summary>
    public static void Write(string directory, IEnumerable<NixAttrPath> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths)
        {
            var node = root;
            foreach (var segment in path.Segments)
            {
                if (node[segment] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[segment] = child;
                }

                node = child;
            }

            node["$leaf"] = new JsonArray([.. path.Segments.Select(s => JsonValue.Create(s))]);
        }

        File.WriteAllText(Path.Combine(directory, FileName), root.ToJsonString());
    }

    /// <summary>
    /// Evaluates the module in <paramref name="moduleFile"/> (relative to <paramref name="directory"/>)
    /// against the stand-in set and returns the selected paths, in the module's order, after
    /// checking the module sets nothing but <c>environment.systemPackages</c>.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Selected(string directory, string moduleFile)
    {
        var result = NixInstantiate.EvalJson(
            $$"""
            let
              pkgs = builtins.fromJSON (builtins.readFile ./{{FileName}});
              module = import ./{{moduleFile}} { inherit pkgs; };
            in {
              top = builtins.attrNames module;
              environment = builtins.attrNames module.environment;
              selected = map (p: p."$leaf") module.environment.systemPackages;
            }
            """,
            directory);
        Assert.Equal(["environment"], Names(result.GetProperty("top")));
        Assert.Equal(["systemPackages"], Names(result.GetProperty("environment")));
        return [.. result.GetProperty("selected").EnumerateArray().Select(p => (IReadOnlyList<string>)Names(p))];
    }

    private static string[] Names(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
