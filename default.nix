# FleetPortal without flakes:
#   nix-build -A fleetportal -A fleetportal-agent
#   imports = [ "${fleetportal}/nix/modules/fleetportal.nix" ];   in a NixOS configuration
#   nix-build -A tests.fleet      (the NixOS VM test)
{
  pkgs ? import <nixpkgs> { },
}:
rec {
  fleetportal = pkgs.callPackage ./nix/packages/fleetportal.nix { };
  fleetportal-agent = pkgs.callPackage ./nix/packages/fleetportal-agent.nix { };
  default = fleetportal;

  modules = {
    fleetportal = ./nix/modules/fleetportal.nix;
    fleetportal-agent = ./nix/modules/fleetportal-agent.nix;
  };

  tests.fleet = pkgs.testers.runNixOSTest ./nix/tests/fleet.nix;

  shell = pkgs.mkShell {
    packages = [
      pkgs.dotnet-sdk_10
      pkgs.nix
    ];
  };
}
