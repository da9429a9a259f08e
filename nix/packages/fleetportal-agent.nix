# The FleetPortal agent: the daemon on each managed machine and its command line
# (`fleetportal-agent run|enroll|prompt|request|status`).
{
  lib,
  buildDotnetModule,
  dotnet-sdk_10,
  dotnet-runtime_10,
}:
let
  source = import ./source.nix { inherit lib; };
in
buildDotnetModule {
  pname = "fleetportal-agent";
  inherit (source) version src;

  projectFile = "FleetPortal.Agent/FleetPortal.Agent.csproj";
  # Shared with the portal; regenerate with nix/update-deps.sh whenever a package changes.
  nugetDeps = ../deps.json;

  dotnet-sdk = dotnet-sdk_10;
  dotnet-runtime = dotnet-runtime_10;
  executables = [ "fleetportal-agent" ];

  # The test suites need a D-Bus bus and a Nix evaluator; CI runs them (./test.sh).
  doCheck = false;

  meta = {
    description = "Agent of FleetPortal: rebuilds this NixOS machine when the portal approves a change";
    mainProgram = "fleetportal-agent";
    platforms = lib.platforms.linux;
  };
}
