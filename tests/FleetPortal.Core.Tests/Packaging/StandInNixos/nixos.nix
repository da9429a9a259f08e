# STAND-IN for the NixOS options the FleetPortal modules set or read, as a schema for eval.nix:
#   { ... }        a set of options with these names (no others)
#   attrs child    an attribute set of any names, each checked by `child` (like attrsOf)
#   record [ .. ]  an attribute set holding only the listed names, each any value
#   fields { .. }  an attribute set holding only these names, each checked by its own schema
#   value          any value (lists concatenate, attribute sets merge)
# The systemd directives are those the modules use and their close relatives: a misspelt
# directive fails here, and a new one is added to the list on purpose.
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
  fields = fields: {
    _schema = "record";
    inherit fields;
  };
  record =
    names:
    fields (
      builtins.listToAttrs (
        map (name: {
          inherit name value;
        }) names
      )
    );
  unit = fields (
    (record [
      "description"
      "wantedBy"
      "wants"
      "after"
      "before"
      "requires"
      "partOf"
      "bindsTo"
      "path"
      "restartIfChanged"
      "stopIfChanged"
      "preStart"
      "script"
    ]).fields
    // {
      environment = attrs value;
      serviceConfig = record [
        "Type"
        "ExecStart"
        "ExecStartPre"
        "ExecStop"
        "ExecReload"
        "User"
        "Group"
        "DynamicUser"
        "SupplementaryGroups"
        "WorkingDirectory"
        "Restart"
        "RestartSec"
        "KillMode"
        "TimeoutStartSec"
        "TimeoutStopSec"
        "NotifyAccess"
        "WatchdogSec"
        "UMask"
        "EnvironmentFile"
        "StateDirectory"
        "StateDirectoryMode"
        "RuntimeDirectory"
        "RuntimeDirectoryMode"
        "CacheDirectory"
        "LogsDirectory"
        "ReadWritePaths"
        "NoNewPrivileges"
        "ProtectSystem"
        "ProtectHome"
        "PrivateTmp"
        "PrivateDevices"
        "PrivateUsers"
        "ProtectHostname"
        "ProtectClock"
        "ProtectKernelTunables"
        "ProtectKernelModules"
        "ProtectKernelLogs"
        "ProtectControlGroups"
        "ProtectProc"
        "ProcSubset"
        "RestrictAddressFamilies"
        "RestrictNamespaces"
        "RestrictRealtime"
        "RestrictSUIDSGID"
        "RemoveIPC"
        "LockPersonality"
        "MemoryDenyWriteExecute"
        "SystemCallArchitectures"
        "SystemCallFilter"
        "CapabilityBoundingSet"
        "AmbientCapabilities"
        "DevicePolicy"
        "DeviceAllow"
        "LimitNOFILE"
      ];
      unitConfig = record [
        "X-StopOnRemoval"
        "ConditionPathExists"
        "Documentation"
        "StartLimitIntervalSec"
        "StartLimitBurst"
        "RequiresMountsFor"
      ];
    }
  );
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
