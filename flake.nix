{
  description = "FleetPortal: manage a fleet of NixOS machines from one place";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f (import ./default.nix { pkgs = nixpkgs.legacyPackages.${system}; }));
    in
    {
      packages = forAllSystems (fleet: {
        inherit (fleet) fleetportal fleetportal-agent default;
      });

      nixosModules = {
        fleetportal = ./nix/modules/fleetportal.nix;
        fleetportal-agent = ./nix/modules/fleetportal-agent.nix;
        default = {
          imports = [
            ./nix/modules/fleetportal.nix
            ./nix/modules/fleetportal-agent.nix
          ];
        };
      };

      overlays.default = final: _prev: {
        fleetportal = final.callPackage ./nix/packages/fleetportal.nix { };
        fleetportal-agent = final.callPackage ./nix/packages/fleetportal-agent.nix { };
      };

      checks = forAllSystems (fleet: {
        inherit (fleet) fleetportal fleetportal-agent;
        fleet = fleet.tests.fleet;
      });

      devShells = forAllSystems (fleet: {
        default = fleet.shell;
      });
    };
}
