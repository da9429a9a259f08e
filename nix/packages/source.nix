# The sources both programs are built from: the three projects and the build settings, without
# tests, build output, local databases or the Nix files (so editing a module rebuilds nothing).
{ lib }:
let
  root = ../..;
  wanted = [
    "FleetPortal.Core"
    "FleetPortal.Web"
    "FleetPortal.Agent"
    "Directory.Build.props"
    "Directory.Packages.props"
    "global.json"
    ".editorconfig"
  ];
in
{
  version = "0.1.0";

  src = lib.cleanSourceWith {
    name = "fleetportal-source";
    src = lib.cleanSource root;
    filter =
      path: type:
      let
        relative = lib.removePrefix "${toString root}/" (toString path);
        top = builtins.head (lib.splitString "/" relative);
      in
      builtins.elem top wanted
      && !(
        type == "directory"
        && builtins.elem (baseNameOf path) [
          "bin"
          "obj"
          "data"
        ]
      );
  };
}
