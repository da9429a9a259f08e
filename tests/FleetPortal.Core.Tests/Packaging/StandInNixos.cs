using System.Text.Json;
using FleetPortal.Core.Tests.Nix;

namespace FleetPortal.Core.Tests.Packaging;

/// <summary>
/// Evaluates NixOS modules of the repository against the stand-in NixOS in StandInNixos/ (a small
/// lib, module system and pkgs: there is no nixpkgs here), with the real Nix evaluator.
/// </summary>
public static class StandInNixos
{
    /// <summary>Evaluates <paramref name="select"/> (an expression of <c>config</c>) and returns its JSON.</summary>
    public static JsonElement Evaluate(string module, string settings, string select) =>
        NixInstantiate.EvalJson(Expression(ModuleList(module, settings), select), RepositoryRoot.Path);

    /// <summary>Evaluates and returns the evaluator's result as it is, for settings that must be refused.</summary>
    public static NixResult TryEvaluate(string module, string settings, string select) =>
        NixInstantiate.TryEval(Expression(ModuleList(module, settings), select), RepositoryRoot.Path);

    /// <summary>Evaluates modules written in Nix (the elements of a list) and returns the result as it is.</summary>
    public static NixResult TryEvaluateModules(string modules, string select) =>
        NixInstantiate.TryEval(Expression(modules, select), RepositoryRoot.Path);

    /// <summary>A Nix path literal for a file of the repository.</summary>
    public static string PathOf(params string[] parts) => $"(/. + {JsonSerializer.Serialize(RepositoryRoot.File(parts))})";

    /// <summary>The stand-in's folder as a Nix path expression.</summary>
    public static string Folder => PathOf("tests", "FleetPortal.Core.Tests", "Packaging", "StandInNixos");

    private static string ModuleList(string module, string settings) =>
        $"{PathOf("nix", "modules", module)} ({{ pkgs, ... }}: {settings})";

    private static string Expression(string modules, string select) =>
        $$"""
        let
          result = import ({{Folder}} + "/eval.nix") { modules = [ {{modules}} ]; };
          config = result.config;
        in
        {{select}}
        """;
}
