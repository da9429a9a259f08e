# STAND-IN for `pkgs`: no package here can be built. Packages are store paths with a name and a
# main program, which is all a module needs to write a systemd unit.
let
  fake = name: {
    type = "derivation";
    inherit name;
    outPath = "/nix/store/00000000000000000000000000000000-${name}";
    meta.mainProgram = name;
  };
in
{
  inherit fake;
  git = fake "git";
  nix = fake "nix";
  writeText = name: _text: "/nix/store/00000000000000000000000000000000-${name}";
  callPackage = path: _args: throw "The stand-in pkgs cannot build ${toString path}: give the module a stand-in package.";
}
