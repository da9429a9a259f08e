using System.Text.Json;
using FleetPortal.Core.Tests.Nix;

namespace FleetPortal.Core.Tests.Packaging;

/// <summary>
/// nix/tests/fleet.nix cannot run here (no nixpkgs, no VMs). What can be checked: it evaluates
/// with stand-ins, and the configuration it writes into the desk machine is valid Nix that
/// imports the agent module and carries the machines' real addresses.
/// </summary>
public sealed class FleetVmTestTests : IDisposable
{
    private const string Marker = "@@configuration.nix@@";
    private readonly ScratchDirectory scratch = new();

    private static JsonElement EvaluateTest() => NixInstantiate.EvalJson(
        $$"""
        let
          standIn = {{StandInNixos.Folder}};
          # The repository as a store path, without copying (hashing) the whole checkout.
          lib = import (standIn + "/lib.nix") // { cleanSource = _: "/nix/store/00000000000000000000000000000000-fleetportal-source"; };
          basePkgs = import (standIn + "/pkgs.nix");
          pkgs = basePkgs // {
            path = "/nix/store/00000000000000000000000000000000-nixpkgs";
            hello = basePkgs.fake "hello";
            curl = basePkgs.fake "curl";
            jq = basePkgs.fake "jq";
            # The desk's configuration comes back as text, between markers, so the test can read it.
            writeText = name: text: if name == "configuration.nix" then "{{Marker}}${text}{{Marker}}" else basePkgs.writeText name text;
          };
          test = import {{StandInNixos.PathOf("nix", "tests", "fleet.nix")}} { inherit lib pkgs; };
          nodes = {
            portal.networking.primaryIPAddress = "192.168.1.2";
            desk.networking.primaryIPAddress = "192.168.1.1";
          };
        in {
          inherit (test) name;
          nodes = builtins.attrNames test.nodes;
          script = test.testScript { inherit nodes; };
          deskAgent = test.nodes.desk.services.fleetportal-agent;
        }
        """,
        RepositoryRoot.Path);

    [Fact]
    public void TheVmTest_HasAPortalAndADeskDrivenThroughTheApi()
    {
        var test = EvaluateTest();
        var script = test.GetProperty("script").GetString()!;

        Assert.Equal(["desk", "portal"], test.GetProperty("nodes").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("/hosts/desk/enrolment-codes", script, StringComparison.Ordinal);
        Assert.Contains("/hosts/desk/changes", script, StringComparison.Ordinal);
        Assert.Contains("/approve", script, StringComparison.Ordinal);
        Assert.Contains("test -e /run/current-system/sw/bin/hello", script, StringComparison.Ordinal);
        Assert.Equal("auto", test.GetProperty("deskAgent").GetProperty("promptPolicy").GetString());
    }

    [Fact]
    public void TheDesksOwnConfiguration_IsValidNixThatKeepsTheAgentAndTheAddresses()
    {
        var script = EvaluateTest().GetProperty("script").GetString()!;
        var parts = script.Split(Marker);
        Assert.True(parts.Length == 3, "The test script should copy exactly one configuration.nix into the desk.");
        var configuration = parts[1];

        NixInstantiate.AssertParses(scratch.Write("configuration.nix", configuration));
        Assert.Contains("\"${modulesPath}/virtualisation/qemu-vm.nix\"", configuration, StringComparison.Ordinal);
        Assert.Contains("/nix/store/00000000000000000000000000000000-fleetportal-source/nix/modules/fleetportal-agent.nix", configuration, StringComparison.Ordinal);
        Assert.Contains("address = \"192.168.1.1\"", configuration, StringComparison.Ordinal);
        Assert.Contains("networking.hosts.\"192.168.1.2\" = [ \"portal\" ];", configuration, StringComparison.Ordinal);
        Assert.Contains("\"promptPolicy\" = \"auto\";", configuration, StringComparison.Ordinal);
    }

    public void Dispose() => scratch.Dispose();
}
