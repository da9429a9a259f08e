using System.Text.Json;
using System.Xml.Linq;
using FleetPortal.Core.Tests.Nix;

namespace FleetPortal.Core.Tests.Packaging;

/// <summary>
/// The package files, the flake and default.nix, evaluated with stand-ins for nixpkgs: a
/// buildDotnetModule that hands back its arguments, and a pkgs whose callPackage names the file.
/// </summary>
public sealed class PackageFilesTests
{
    private static string Prelude => $$"""
        let
          standIn = {{StandInNixos.Folder}};
          lib = import (standIn + "/lib.nix");
          inherit (import (standIn + "/pkgs.nix")) fake;
          buildDotnetModule = args: args;
          repo = {{StandInNixos.PathOf()}};
          pkgsFor = system: (import (standIn + "/pkgs.nix")) // {
            callPackage = path: _: { package = baseNameOf (toString path); inherit system; };
            testers.runNixOSTest = test: { vmTest = baseNameOf (toString test); };
            mkShell = args: { shell = map (p: p.name) args.packages; };
            dotnet-sdk_10 = fake "dotnet-sdk-10";
          };
        in
        """;

    private static JsonElement Evaluate(string body) => NixInstantiate.EvalJson(Prelude + "\n" + body, RepositoryRoot.Path);

    [Theory]
    [InlineData("fleetportal.nix", "fleetportal", "FleetPortal.Web/FleetPortal.Web.csproj", "aspnetcore-runtime-10")]
    [InlineData("fleetportal-agent.nix", "fleetportal-agent", "FleetPortal.Agent/FleetPortal.Agent.csproj", "dotnet-runtime-10")]
    public void EachPackage_BuildsItsProjectAndInstallsItsAssemblyAsTheExecutable(string file, string name, string project, string runtime)
    {
        var package = Evaluate($$"""
            let
              f = import (repo + "/nix/packages/{{file}}");
              # As callPackage does: each package asks for what it needs by name.
              p = f (builtins.intersectAttrs (builtins.functionArgs f) {
                inherit lib buildDotnetModule;
                dotnet-sdk_10 = fake "dotnet-sdk-10";
                dotnet-aspnetcore_10 = fake "aspnetcore-runtime-10";
                dotnet-runtime_10 = fake "dotnet-runtime-10";
              });
            in {
              inherit (p) pname projectFile executables doCheck;
              nugetDeps = toString p.nugetDeps;
              sdk = p.dotnet-sdk.name;
              runtime = p.dotnet-runtime.name;
              mainProgram = p.meta.mainProgram;
            }
            """);

        Assert.Equal(name, package.GetProperty("pname").GetString());
        Assert.Equal(project, package.GetProperty("projectFile").GetString());
        Assert.Equal(runtime, package.GetProperty("runtime").GetString());
        Assert.Equal("dotnet-sdk-10", package.GetProperty("sdk").GetString());
        Assert.Equal([name], package.GetProperty("executables").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(name, package.GetProperty("mainProgram").GetString());
        Assert.Equal(RepositoryRoot.File("nix", "deps.json"), package.GetProperty("nugetDeps").GetString());

        // The executable is the project's assembly name: a rename must reach the package.
        var assemblyName = XDocument.Load(RepositoryRoot.File(project)).Descendants("AssemblyName").Single().Value;
        Assert.Equal(name, assemblyName);
    }

    [Theory]
    [InlineData("FleetPortal.Web/Program.cs", "regular", true)]
    [InlineData("FleetPortal.Core/Packages/NixAttrPath.cs", "regular", true)]
    [InlineData("FleetPortal.Agent/FleetPortal.Agent.csproj", "regular", true)]
    [InlineData("Directory.Packages.props", "regular", true)]
    [InlineData("global.json", "regular", true)]
    [InlineData("FleetPortal.Web/obj", "directory", false)]
    [InlineData("FleetPortal.Web/bin", "directory", false)]
    [InlineData("FleetPortal.Web/data", "directory", false)]
    [InlineData("tests", "directory", false)]
    [InlineData("nix", "directory", false)]
    [InlineData("README.md", "regular", false)]
    public void TheSource_HoldsTheProjectsAndBuildSettingsOnly(string path, string type, bool kept)
    {
        var result = Evaluate($$"""
            let source = (import (repo + "/nix/packages/source.nix") { inherit lib; }).src;
            in source.filter "${toString source.src}/{{path}}" "{{type}}"
            """);

        Assert.Equal(kept, result.GetBoolean());
    }

    [Fact]
    public void TheFlake_ExposesThePackagesModulesChecksAndShell()
    {
        var flake = Evaluate("""
            let
              flake = import (repo + "/flake.nix");
              nixpkgs = { inherit lib; legacyPackages = lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] pkgsFor; };
              outputs = flake.outputs { self = outputs; inherit nixpkgs; };
            in {
              packages = builtins.mapAttrs (_: builtins.mapAttrs (_: p: p.package)) outputs.packages;
              modules = builtins.mapAttrs (_: m: if builtins.isPath m then baseNameOf m else builtins.length m.imports) outputs.nixosModules;
              checks = builtins.attrNames outputs.checks.x86_64-linux;
              vmTest = outputs.checks.x86_64-linux.fleet.vmTest;
              shell = outputs.devShells.aarch64-linux.default.shell;
              overlay = builtins.mapAttrs (_: p: p.package) (outputs.overlays.default (pkgsFor "x86_64-linux") { });
            }
            """);

        foreach (var system in new[] { "x86_64-linux", "aarch64-linux" })
        {
            var packages = flake.GetProperty("packages").GetProperty(system);
            Assert.Equal("fleetportal.nix", packages.GetProperty("fleetportal").GetString());
            Assert.Equal("fleetportal-agent.nix", packages.GetProperty("fleetportal-agent").GetString());
            Assert.Equal("fleetportal.nix", packages.GetProperty("default").GetString());
        }

        Assert.Equal("fleetportal.nix", flake.GetProperty("modules").GetProperty("fleetportal").GetString());
        Assert.Equal("fleetportal-agent.nix", flake.GetProperty("modules").GetProperty("fleetportal-agent").GetString());
        Assert.Equal(2, flake.GetProperty("modules").GetProperty("default").GetInt32());
        Assert.Equal(["fleet", "fleetportal", "fleetportal-agent"], flake.GetProperty("checks").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("fleet.nix", flake.GetProperty("vmTest").GetString());
        Assert.Equal(["dotnet-sdk-10", "nix"], flake.GetProperty("shell").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("fleetportal-agent.nix", flake.GetProperty("overlay").GetProperty("fleetportal-agent").GetString());
    }

    [Fact]
    public void DefaultNix_OffersTheSameWithoutFlakes()
    {
        var result = Evaluate("""
            let fleet = import (repo + "/default.nix") { pkgs = pkgsFor "x86_64-linux"; };
            in {
              fleetportal = fleet.fleetportal.package;
              agent = fleet.fleetportal-agent.package;
              modules = builtins.mapAttrs (_: baseNameOf) fleet.modules;
              vmTest = fleet.tests.fleet.vmTest;
            }
            """);

        Assert.Equal("fleetportal.nix", result.GetProperty("fleetportal").GetString());
        Assert.Equal("fleetportal-agent.nix", result.GetProperty("agent").GetString());
        Assert.Equal("fleetportal-agent.nix", result.GetProperty("modules").GetProperty("fleetportal-agent").GetString());
        Assert.Equal("fleet.nix", result.GetProperty("vmTest").GetString());
    }
}
