# NixOS VM test: a portal machine and a desk machine. The desk enrols with a one-time code,
# a package change is proposed and approved through the automation API, and the desk's agent
# rebuilds and switches to a system that has the package.
#   nix build .#checks.x86_64-linux.fleet        or        nix-build -A tests.fleet
{ lib, pkgs, ... }:
let
  # The repository in the store. The desk's own configuration imports the agent module from
  # here exactly as the test node does, so the agent package evaluates to the same store path
  # and nothing has to be built from source inside the VM.
  source = lib.cleanSource ../..;
  agentModule = "${source}/nix/modules/fleetportal-agent.nix";
  adminToken = "fleet-vm-test-admin-token-6f1c9a7e2b";

  # Shared by the test node and the configuration the desk uploads, so both agents match.
  agentSettings = {
    enable = true;
    serverUrl = "http://portal:5080";
    enrollmentCodeFile = "/root/enrolment-code";
    # Nobody sits at the desk of a VM.
    promptPolicy = "auto";
    prompt.enable = false;
  };
  vmSettings = {
    cores = 2;
    memorySize = 3072;
    diskSize = 8192;
    writableStore = true;
  };
in
{
  name = "fleetportal";

  nodes.portal = {
    imports = [ ../modules/fleetportal.nix ];
    services.fleetportal = {
      enable = true;
      listenAddress = "0.0.0.0";
      openFirewall = true;
      # A test secret may live in the store; a real one never does.
      environmentFile = pkgs.writeText "fleetportal.env" "FleetPortal__Bootstrap__AdminApiToken=${adminToken}\n";
    };
    environment.systemPackages = [
      pkgs.curl
      pkgs.jq
    ];
    virtualisation.memorySize = 2048;
  };

  nodes.desk = {
    imports = [ agentModule ];
    services.fleetportal-agent = agentSettings;
    # Started by the test once the enrolment code is in place.
    systemd.services.fleetportal-agent.wantedBy = lib.mkForce [ ];

    nix.nixPath = [ "nixpkgs=${pkgs.path}" ];
    nix.settings.substituters = lib.mkForce [ ];
    # Everything the rebuild needs must already be in the VM's store: there is no network.
    system.includeBuildDependencies = true;
    system.extraDependencies = [
      source
      pkgs.hello
    ];
    virtualisation = vmSettings;
  };

  testScript =
    { nodes, ... }:
    let
      portalAddress = nodes.portal.networking.primaryIPAddress;
      deskAddress = nodes.desk.networking.primaryIPAddress;

      # What the desk's /etc/nixos holds when it enrols; the portal keeps it as revision 1 and
      # adds its own fleetportal.nix and fleetportal-packages.nix. It describes this very VM, so
      # the switched system keeps its disks, its address and the test driver's backdoor.
      deskConfiguration = pkgs.writeText "configuration.nix" ''
        { modulesPath, ... }:
        {
          imports = [
            "''${modulesPath}/virtualisation/qemu-vm.nix"
            "''${modulesPath}/testing/test-instrumentation.nix"
            ${agentModule}
          ];
          # The VM boots its kernel directly; there is no boot loader to install.
          boot.loader.grub.enable = false;
          networking.hostName = "desk";
          networking.interfaces.eth1.ipv4.addresses = [ { address = "${deskAddress}"; prefixLength = 24; } ];
          networking.hosts."${portalAddress}" = [ "portal" ];
          nix.nixPath = [ "nixpkgs=${pkgs.path}" ];
          nix.settings.substituters = [ ];
          documentation.enable = false;
          virtualisation = ${lib.generators.toPretty { } vmSettings};
          services.fleetportal-agent = ${lib.generators.toPretty { } agentSettings};
        }
      '';
    in
    ''
      import json

      def api(method, path, body=None):
          data = "" if body is None else f"-d '{json.dumps(body)}'"
          out = portal.succeed(
              f"curl -sf -X {method} -H 'Authorization: Bearer ${adminToken}' "
              f"-H 'Content-Type: application/json' {data} http://127.0.0.1:5080/api{path}"
          )
          return json.loads(out) if out.strip() else None

      start_all()
      portal.wait_for_unit("fleetportal.service")
      portal.wait_for_open_port(5080)

      with subtest("The desk enrols with a one-time code and uploads its configuration"):
          code = api("POST", "/hosts/desk/enrolment-codes", {})["code"]
          desk.wait_for_unit("multi-user.target")
          desk.succeed("mkdir -p /etc/nixos && rm -f /etc/nixos/configuration.nix")
          desk.copy_from_host("${deskConfiguration}", "/etc/nixos/configuration.nix")
          desk.succeed(f"echo '{code}' > /root/enrolment-code")
          desk.succeed("systemctl start fleetportal-agent.service")
          portal.wait_until_succeeds(
              "curl -sf -H 'Authorization: Bearer ${adminToken}' http://127.0.0.1:5080/api/hosts/desk/revisions"
              " | jq -e '(.items // .) | length > 0'",
              timeout=120,
          )

      with subtest("A package change is proposed and approved through the API"):
          desk.fail("test -e /run/current-system/sw/bin/hello")
          change = api("POST", "/hosts/desk/changes", {"add": ["hello"], "reason": "VM test"})
          api("POST", f"/changes/{change['change']['id']}/approve", {})

      with subtest("The desk switches to a system that has the package"):
          desk.wait_until_succeeds("test -e /run/current-system/sw/bin/hello", timeout=900)
          desk.succeed("hello")
          portal.wait_until_succeeds(
              "curl -sf -H 'Authorization: Bearer ${adminToken}' http://127.0.0.1:5080/api/hosts/desk/deployments"
              " | jq -e '(.items // .)[0].status == \"Succeeded\"'",
              timeout=120,
          )
    '';
}
