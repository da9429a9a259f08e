# The FleetPortal portal: Blazor UI, automation API and agent hub, one executable `fleetportal`.
{
  lib,
  buildDotnetModule,
  dotnet-sdk_10,
  dotnet-aspnetcore_10,
}:
let
  source = import ./source.nix { inherit lib; };
in
buildDotnetModule {
  pname = "fleetportal";
  inherit (source) version src;

  projectFile = "FleetPortal.Web/FleetPortal.Web.csproj";
  # Regenerate with nix/update-deps.sh whenever a package changes.
  nugetDeps = ../deps.json;

  dotnet-sdk = dotnet-sdk_10;
  dotnet-runtime = dotnet-aspnetcore_10;
  executables = [ "fleetportal" ];

  # Static files (wwwroot) and appsettings.json are found through the content root, which
  # would otherwise be the service's working directory.
  makeWrapperArgs = [
    "--set-default"
    "ASPNETCORE_CONTENTROOT"
    "${placeholder "out"}/lib/fleetportal"
  ];

  # The test suites need a browser, a D-Bus bus and a Nix evaluator; CI runs them (./test.sh).
  doCheck = false;

  meta = {
    description = "Portal that manages a fleet of NixOS machines: approvals, deployments and an audit log";
    mainProgram = "fleetportal";
    platforms = lib.platforms.linux;
  };
}
