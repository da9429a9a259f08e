# services.fleetportal: the FleetPortal portal (web UI, automation API, agent hub) as a
# hardened systemd service. Settings reach the program as environment variables in the form
# .NET configuration reads them (FleetPortal__DataDirectory for FleetPortal:DataDirectory).
{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.services.fleetportal;
  inherit (lib) mkIf mkOption types;

  # An IPv6 address needs brackets inside a URL.
  urlHost = if lib.hasInfix ":" cfg.listenAddress then "[${cfg.listenAddress}]" else cfg.listenAddress;

  defaultDataDir = "/var/lib/fleetportal";

  # Over the local socket PostgreSQL knows the system user (peer authentication): no password.
  postgresConnectionString = lib.concatStringsSep ";" [
    "Host=${cfg.database.host}"
    "Port=${toString cfg.database.port}"
    "Database=${cfg.database.name}"
    "Username=${cfg.database.user}"
  ];

  # A number of seconds as .NET configuration reads a TimeSpan: d.hh:mm:ss.
  timeSpan =
    seconds:
    let
      pad = n: if n < 10 then "0${toString n}" else toString n;
      days = seconds / 86400;
      hours = seconds / 3600 - days * 24;
      minutes = seconds / 60 - seconds / 3600 * 60;
    in
    "${toString days}.${pad hours}:${pad minutes}:${pad (seconds - seconds / 60 * 60)}";

  localPostgres = cfg.database.type == "postgresql" && cfg.database.createLocally;
  localRedis = cfg.redis.enable && cfg.redis.createLocally;
in
{
  options.services.fleetportal = {
    enable = lib.mkEnableOption "FleetPortal, the portal that manages a fleet of NixOS machines";

    package = mkOption {
      type = types.package;
      default = pkgs.callPackage ../packages/fleetportal.nix { };
      defaultText = lib.literalExpression "pkgs.callPackage ./nix/packages/fleetportal.nix { }";
      description = "The FleetPortal portal package.";
    };

    listenAddress = mkOption {
      type = types.str;
      default = "127.0.0.1";
      example = "0.0.0.0";
      description = ''
        Address the portal listens on. Keep the default and put a TLS reverse proxy (nginx) in
        front of it: agents connect over HTTPS.
      '';
    };

    port = mkOption {
      type = types.port;
      default = 5080;
      description = "Port the portal listens on (plain HTTP).";
    };

    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Open {option}`services.fleetportal.port` in the firewall.";
    };

    behindReverseProxy = mkOption {
      type = types.bool;
      default = false;
      description = ''
        Trust the X-Forwarded-For and X-Forwarded-Proto headers of a reverse proxy on this
        machine, so the portal sees the client's address and builds https:// links. Only enable
        it when the portal is reachable through the proxy alone.
      '';
    };

    dataDir = mkOption {
      type = types.str;
      default = defaultDataDir;
      description = ''
        Where the portal keeps its state: the SQLite database (fleetportal.db) and the
        ASP.NET Core data protection keys (in .aspnet).
      '';
    };

    user = mkOption {
      type = types.str;
      default = "fleetportal";
      description = "User the portal runs as; also its PostgreSQL role when the database is local.";
    };

    group = mkOption {
      type = types.str;
      default = "fleetportal";
      description = "Group the portal runs as.";
    };

    environmentFile = mkOption {
      type = types.nullOr types.path;
      default = null;
      example = "/run/secrets/fleetportal.env";
      description = ''
        File of environment variables with secrets, read by systemd and never copied to the Nix
        store, e.g. `FleetPortal__Bootstrap__AdminApiToken=...` (creates a Support admin with
        that API token while no user exists) or `ConnectionStrings__Fleet=...` with a password.
      '';
    };

    database = {
      type = mkOption {
        type = types.enum [
          "sqlite"
          "postgresql"
        ];
        default = "sqlite";
        description = ''
          Where the fleet is stored: a SQLite file in {option}`services.fleetportal.dataDir`, or
          PostgreSQL (`FleetPortal:Database:Provider = Postgres`), needed to run several portal
          processes on one fleet; see docs/scale-out.md.
        '';
      };

      createLocally = mkOption {
        type = types.bool;
        default = true;
        description = "With PostgreSQL: create the database and its role on this machine.";
      };

      host = mkOption {
        type = types.str;
        default = "/run/postgresql";
        description = "PostgreSQL host name, or the directory of its Unix socket.";
      };

      port = mkOption {
        type = types.port;
        default = 5432;
        description = "PostgreSQL port.";
      };

      name = mkOption {
        type = types.str;
        default = cfg.user;
        defaultText = lib.literalExpression "config.services.fleetportal.user";
        description = "PostgreSQL database name.";
      };

      user = mkOption {
        type = types.str;
        default = cfg.user;
        defaultText = lib.literalExpression "config.services.fleetportal.user";
        description = "PostgreSQL role. A password goes in {option}`services.fleetportal.environmentFile` as a whole `ConnectionStrings__Fleet`.";
      };
    };

    presence.timeout = mkOption {
      type = types.nullOr (types.ints.between 30 86400);
      default = null;
      example = 60;
      description = ''
        Seconds: the longest a host is shown online after the portal process that held its
        agent's connection died (`FleetPortal:Presence:Timeout`); null keeps the portal's default
        of 180. Every process vouches for its connected agents every sixth of it, and a host no
        process vouched for in half of it is marked offline; see docs/scale-out.md.
      '';
    };

    agents.startsPerSecond = mkOption {
      type = types.nullOr (types.ints.between 0 1000000);
      default = null;
      example = 200;
      description = ''
        How many deployments a second the portal lets agents start (`FleetPortal:Agents:StartsPerSecond`):
        every agent of a rollout hears of it at once and waits its turn to acknowledge it, fetch
        the bundle and ask the desk. 0 starts every one at once; null keeps the portal's default
        of 1000.
      '';
    };

    redis = {
      enable = mkOption {
        type = types.bool;
        default = false;
        description = ''
          Use Redis as the SignalR backplane, so several portal processes share their agents and
          pages (`ConnectionStrings:Redis`); see docs/scale-out.md.
        '';
      };

      createLocally = mkOption {
        type = types.bool;
        default = true;
        description = "Run a Redis server for the portal on this machine (services.redis.servers.fleetportal).";
      };

      port = mkOption {
        type = types.port;
        default = 6380;
        description = "Port of the local Redis server (on 127.0.0.1).";
      };

      connectionString = mkOption {
        type = types.nullOr types.str;
        default = if cfg.redis.createLocally then "127.0.0.1:${toString cfg.redis.port}" else null;
        defaultText = lib.literalExpression ''
          if config.services.fleetportal.redis.createLocally
          then "127.0.0.1:''${toString config.services.fleetportal.redis.port}"
          else null
        '';
        example = "redis.internal:6379,password=...";
        description = "StackExchange.Redis connection string; put one with a password in the environment file instead.";
      };
    };
  };

  config = mkIf cfg.enable {
    assertions = [
      {
        assertion = !localPostgres || (cfg.database.user == cfg.user && cfg.database.name == cfg.user);
        message = "services.fleetportal.database.user and .name must both equal services.fleetportal.user when the database is created locally: PostgreSQL authenticates the local socket by system user, and the role owns the database of its own name.";
      }
      {
        assertion = !cfg.redis.enable || cfg.redis.createLocally || cfg.redis.connectionString != null || cfg.environmentFile != null;
        message = "services.fleetportal.redis needs a connectionString (or ConnectionStrings__Redis in the environment file) when Redis is not created locally.";
      }
    ];

    # Only the default user and group are created here; others are the administrator's own.
    users.users = mkIf (cfg.user == "fleetportal") {
      fleetportal = {
        isSystemUser = true;
        group = cfg.group;
        home = cfg.dataDir;
        description = "FleetPortal portal";
      };
    };
    users.groups = mkIf (cfg.group == "fleetportal") { fleetportal = { }; };

    systemd.tmpfiles.rules = lib.optional (cfg.dataDir != defaultDataDir) "d '${cfg.dataDir}' 0750 ${cfg.user} ${cfg.group} - -";

    systemd.services.fleetportal = {
      description = "FleetPortal portal";
      wantedBy = [ "multi-user.target" ];
      wants = [ "network-online.target" ];
      after =
        [ "network-online.target" ]
        ++ lib.optional localPostgres "postgresql.service"
        ++ lib.optional localRedis "redis-fleetportal.service";
      requires = lib.optional localPostgres "postgresql.service" ++ lib.optional localRedis "redis-fleetportal.service";

      environment =
        {
          ASPNETCORE_URLS = "http://${urlHost}:${toString cfg.port}";
          ASPNETCORE_ENVIRONMENT = "Production";
          FleetPortal__DataDirectory = cfg.dataDir;
          # ASP.NET Core keeps its data protection keys (sign-in cookies) below HOME/.aspnet.
          HOME = cfg.dataDir;
        }
        // lib.optionalAttrs cfg.behindReverseProxy { ASPNETCORE_FORWARDEDHEADERS_ENABLED = "true"; }
        // lib.optionalAttrs (cfg.database.type == "postgresql") {
          FleetPortal__Database__Provider = "Postgres";
          ConnectionStrings__Fleet = postgresConnectionString;
        }
        // lib.optionalAttrs (cfg.redis.enable && cfg.redis.connectionString != null) {
          ConnectionStrings__Redis = cfg.redis.connectionString;
        }
        // lib.optionalAttrs (cfg.presence.timeout != null) {
          FleetPortal__Presence__Timeout = timeSpan cfg.presence.timeout;
        }
        // lib.optionalAttrs (cfg.agents.startsPerSecond != null) {
          FleetPortal__Agents__StartsPerSecond = toString cfg.agents.startsPerSecond;
        };

      serviceConfig =
        {
          Type = "simple";
          ExecStart = lib.getExe cfg.package;
          User = cfg.user;
          Group = cfg.group;
          WorkingDirectory = cfg.dataDir;
          Restart = "on-failure";
          RestartSec = 5;
          UMask = "0077";

          # Hardening. The .NET JIT writes code at run time, so MemoryDenyWriteExecute stays off.
          NoNewPrivileges = true;
          ProtectSystem = "strict";
          ProtectHome = true;
          PrivateTmp = true;
          PrivateDevices = true;
          ProtectHostname = true;
          ProtectClock = true;
          ProtectKernelTunables = true;
          ProtectKernelModules = true;
          ProtectKernelLogs = true;
          ProtectControlGroups = true;
          ProtectProc = "invisible";
          RestrictAddressFamilies = [
            "AF_UNIX"
            "AF_INET"
            "AF_INET6"
          ];
          RestrictNamespaces = true;
          RestrictRealtime = true;
          RestrictSUIDSGID = true;
          RemoveIPC = true;
          LockPersonality = true;
          MemoryDenyWriteExecute = false;
          SystemCallArchitectures = "native";
          SystemCallFilter = [
            "@system-service"
            "~@privileged"
          ];
          CapabilityBoundingSet = if cfg.port < 1024 then [ "CAP_NET_BIND_SERVICE" ] else [ "" ];
          AmbientCapabilities = lib.optional (cfg.port < 1024) "CAP_NET_BIND_SERVICE";
        }
        // (
          if cfg.dataDir == defaultDataDir then
            {
              StateDirectory = "fleetportal";
              StateDirectoryMode = "0750";
            }
          else
            { ReadWritePaths = [ cfg.dataDir ]; }
        )
        // lib.optionalAttrs (cfg.environmentFile != null) { EnvironmentFile = cfg.environmentFile; };
    };

    services.postgresql = mkIf localPostgres {
      enable = true;
      ensureDatabases = [ cfg.database.name ];
      ensureUsers = [
        {
          name = cfg.database.user;
          ensureDBOwnership = true;
        }
      ];
    };

    services.redis.servers.fleetportal = mkIf localRedis {
      enable = true;
      bind = "127.0.0.1";
      port = cfg.redis.port;
    };

    networking.firewall.allowedTCPPorts = lib.optional cfg.openFirewall cfg.port;
  };
}
