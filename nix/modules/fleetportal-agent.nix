# services.fleetportal-agent: the FleetPortal agent on a managed machine. The daemon (root, so it
# can run nixos-rebuild) keeps a connection to the portal; the user service fleetportal-prompt
# asks the person at the desk "upgrade now or later?" in their graphical session.
# Settings reach the program as .NET configuration (section Agent): /etc/fleetportal-agent/agent.json
# for every command, and the same values as FleetPortalAgent__<Key> in the daemon's environment.
{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.services.fleetportal-agent;
  inherit (lib) mkIf mkOption types;

  stateDirectory = "/var/lib/fleetportal-agent";
  socketPath = "/run/fleetportal-agent/agent.sock";

  settings =
    {
      ServerUrl = cfg.serverUrl;
      StateDirectory = stateDirectory;
      PromptPolicy = cfg.promptPolicy;
      RebuildAction = cfg.rebuildAction;
      ConfigurationDirectory = cfg.configurationDirectory;
      SocketPath = socketPath;
    }
    // lib.optionalAttrs (cfg.tokenFile != null) { TokenFile = toString cfg.tokenFile; }
    // lib.optionalAttrs (cfg.enrollmentCodeFile != null) { EnrollmentCodeFile = toString cfg.enrollmentCodeFile; };

  settingsFile = pkgs.writeText "fleetportal-agent.json" (builtins.toJSON { Agent = settings; });
in
{
  options.services.fleetportal-agent = {
    enable = lib.mkEnableOption "the FleetPortal agent, which rebuilds this machine when the portal approves a change";

    package = mkOption {
      type = types.package;
      default = pkgs.callPackage ../packages/fleetportal-agent.nix { };
      defaultText = lib.literalExpression "pkgs.callPackage ./nix/packages/fleetportal-agent.nix { }";
      description = "The FleetPortal agent package.";
    };

    serverUrl = mkOption {
      type = types.str;
      example = "https://fleet.example.org";
      description = "Address of the portal. Use https:// except on a trusted network.";
    };

    enrollmentCodeFile = mkOption {
      type = types.nullOr types.path;
      default = null;
      example = "/run/secrets/fleetportal-enrolment-code";
      description = ''
        File holding a one-time enrolment code from the portal. On first start the agent
        enrols with it, keeps the host token in ${stateDirectory}, and uploads
        {option}`services.fleetportal-agent.configurationDirectory`. Not copied to the Nix store.
      '';
    };

    tokenFile = mkOption {
      type = types.nullOr types.path;
      default = null;
      example = "/run/secrets/fleetportal-host-token";
      description = "File holding the host token, for machines provisioned with one instead of enrolling.";
    };

    promptPolicy = mkOption {
      type = types.enum [
        "ask"
        "auto"
        "ask-always"
      ];
      default = "ask";
      description = ''
        How the person at the desk is asked before a rebuild: `ask` (now or later, within the
        deployment's deferral policy, then it installs at the deadline), `auto` (never asks), or
        `ask-always` (asks every time, never forces).
      '';
    };

    rebuildAction = mkOption {
      type = types.enum [
        "switch"
        "boot"
      ];
      default = "switch";
      description = "`nixos-rebuild switch` (activate at once) or `boot` (activate at the next reboot).";
    };

    configurationDirectory = mkOption {
      type = types.str;
      default = "/etc/nixos";
      description = "The machine's NixOS configuration, uploaded to the portal at enrolment.";
    };

    prompt.enable = mkOption {
      type = types.bool;
      default = true;
      description = ''
        Run `fleetportal-agent prompt` in every graphical session (systemd user service
        fleetportal-prompt), which shows the upgrade question as a desktop notification.
      '';
    };
  };

  config = mkIf cfg.enable {
    assertions = [
      {
        assertion = cfg.enrollmentCodeFile == null || cfg.tokenFile == null;
        message = "services.fleetportal-agent: set enrollmentCodeFile (enrol on first start) or tokenFile (an existing host token), not both.";
      }
      {
        assertion = lib.hasPrefix "https://" cfg.serverUrl || lib.hasPrefix "http://" cfg.serverUrl;
        message = "services.fleetportal-agent.serverUrl must start with https:// (or http://), not \"${cfg.serverUrl}\".";
      }
    ];

    # For `fleetportal-agent request <package>` and `status` from a shell.
    environment.systemPackages = [ cfg.package ];
    environment.etc."fleetportal-agent/agent.json".source = settingsFile;

    systemd.services.fleetportal-agent = {
      description = "FleetPortal agent";
      wantedBy = [ "multi-user.target" ];
      wants = [ "network-online.target" ];
      after = [ "network-online.target" ];

      # The agent runs the switch itself: restarting it mid-rebuild would cut the rebuild off.
      # A new agent version takes over at the next boot or an explicit restart.
      restartIfChanged = false;
      # Nor stop it when a switch removes the agent: the switch runs inside this very unit.
      unitConfig.X-StopOnRemoval = false;

      path = [
        config.system.build.nixos-rebuild
        config.nix.package
        pkgs.git
      ];

      # What nixos-rebuild needs to find nixpkgs and the network, as the system's own upgrade service has.
      environment =
        config.nix.envVars
        // {
          inherit (config.environment.sessionVariables) NIX_PATH;
          HOME = "/root";
        }
        // config.networking.proxy.envVars
        // lib.mapAttrs' (key: value: lib.nameValuePair "FleetPortalAgent__${key}" value) settings;

      serviceConfig = {
        # Ready only once the agent is configured and its socket is listening (sd_notify).
        Type = "notify";
        ExecStart = "${lib.getExe cfg.package} run";
        Restart = "always";
        RestartSec = 10;
        StateDirectory = "fleetportal-agent";
        StateDirectoryMode = "0700";
        # The socket is for the people at the desk: the agent decides who may do what on it.
        RuntimeDirectory = "fleetportal-agent";
        RuntimeDirectoryMode = "0755";
        # Rebuilding the system needs root and the whole file system, so the usual sandboxing
        # (ProtectSystem, PrivateTmp, ...) would break nixos-rebuild. Only what cannot harm it:
        LockPersonality = true;
        RestrictRealtime = true;
      };
    };

    systemd.user.services.fleetportal-prompt = mkIf cfg.prompt.enable {
      description = "FleetPortal upgrade prompt";
      wantedBy = [ "graphical-session.target" ];
      partOf = [ "graphical-session.target" ];
      after = [ "graphical-session.target" ];
      environment.FleetPortalAgent__SocketPath = socketPath;
      serviceConfig = {
        ExecStart = "${lib.getExe cfg.package} prompt";
        Restart = "on-failure";
        RestartSec = 10;
      };
    };
  };
}
