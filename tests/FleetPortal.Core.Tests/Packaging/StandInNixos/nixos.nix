# STAND-IN for the NixOS options the FleetPortal modules set or read, as a schema for eval.nix:
#   { ... }        a set of options with these names (no others)
#   attrs child    an attribute set of any names, each checked by `child` (like attrsOf)
#   record [ .. ]  an attribute set holding only the listed names, each any value
#   value          any value (lists concatenate, attribute sets merge)
let
  value = {
    _schema = "value";
  };
  list = {
    _schema = "value";
    default = [ ];
  };
  attrs = child: {
    _schema = "attrs";
    inherit child;
  };
  record = names: {
    _schema = "record";
    inherit names;
  };
  unit = record [
    "description"
    "wantedBy"
    "wants"
    "after"
    "before"
    "requires"
    "partOf"
    "bindsTo"
    "path"
    "environment"
    "serviceConfig"
    "unitConfig"
    "restartIfChanged"
    "stopIfChanged"
    "preStart"
    "script"
  ];
in
{
  schema = {
    assertions = list;
    warnings = list;
    environment = {
      systemPackages = list;
      etc = attrs (record [
        "source"
        "text"
        "mode"
      ]);
      sessionVariables = attrs value;
    };
    networking = {
      firewall.allowedTCPPorts = list;
      proxy.envVars = attrs value;
    };
    nix = {
      package = value;
      envVars = attrs value;
    };
    services = {
      postgresql = record [
        "enable"
        "ensureDatabases"
        "ensureUsers"
      ];
      redis.servers = attrs (record [
        "enable"
        "bind"
        "port"
      ]);
    };
    system.build.nixos-rebuild = value;
    systemd = {
      services = attrs unit;
      user.services = attrs unit;
      tmpfiles.rules = list;
    };
    users = {
      users = attrs (record [
        "isSystemUser"
        "group"
        "home"
        "description"
      ]);
      groups = attrs (record [ ]);
    };
  };

  # What a NixOS machine provides and the agent module reads.
  base =
    { pkgs, ... }:
    {
      system.build.nixos-rebuild = pkgs.fake "nixos-rebuild";
      nix.package = pkgs.nix;
      nix.envVars = { };
      environment.sessionVariables.NIX_PATH = "nixpkgs=/nix/var/nix/profiles/per-user/root/channels/nixos";
      networking.proxy.envVars = { };
      assertions = [ ];
    };
}
