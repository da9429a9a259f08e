#!/usr/bin/env bash
# Builds and starts the demo: the portal on http://127.0.0.1:5080 with its SQLite database under
# ./data/ and, on first start, a demo fleet; and three agents in simulation mode (alice-laptop,
# bob-desktop, acme-design-01) connected to it, each with its state, socket and log under
# ./data/agents/<host>/. They enrol on their first start with one-time codes the portal writes for
# them. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build FleetPortal.Web -c Release -nologo -clp:ErrorsOnly
dotnet build FleetPortal.Agent -c Release -nologo -clp:ErrorsOnly

portal_url="http://127.0.0.1:5080"
data="$PWD/data"
agents="$data/agents"
agent_dll="$PWD/FleetPortal.Agent/bin/Release/net10.0/fleetportal-agent.dll"
mkdir -p "$agents"

if curl -s -o /dev/null "$portal_url"; then
  echo "Something already answers on $portal_url (an earlier ./run.sh?): stop it first." >&2
  exit 1
fi

pids=()
stop() {
  trap - INT TERM EXIT
  echo "stopping the portal and the agents"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

echo "FleetPortal starts on $portal_url; sign in at $portal_url/Account/Login"
echo "(on the first start the demo users and their passwords are printed below, only that once)."
(
  cd FleetPortal.Web
  export FleetPortal__DataDirectory="$data" FleetPortal__Demo__Seed=true \
    FleetPortal__Demo__AgentCodeDirectory="$agents" ASPNETCORE_URLS="$portal_url"
  exec dotnet bin/Release/net10.0/fleetportal.dll
) &
pids+=($!)

# The agents start once the portal answers (and has written their enrolment codes).
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "$portal_url/Account/Login" && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "the portal did not start" >&2; exit 1; }
  sleep 0.5
done

for host in alice-laptop bob-desktop acme-design-01; do
  machine="$agents/$host"
  mkdir -p "$machine/etc-nixos"
  [ -e "$machine/etc-nixos/configuration.nix" ] ||
    printf '{ ... }:\n{\n  networking.hostName = "%s";\n}\n' "$host" > "$machine/etc-nixos/configuration.nix"
  FleetPortalAgent__ServerUrl="$portal_url" \
  FleetPortalAgent__StateDirectory="$machine/state" \
  FleetPortalAgent__SocketPath="$machine/agent.sock" \
  FleetPortalAgent__ConfigurationDirectory="$machine/etc-nixos" \
  FleetPortalAgent__EnrollmentCodeFile="$agents/$host.code" \
    dotnet "$agent_dll" run --simulate >>"$machine/agent.log" 2>&1 &
  pids+=($!)
  echo "agent of $host (simulated) started; its log: data/agents/$host/agent.log"
done
echo "To answer the upgrade question on alice-laptop yourself:"
echo "  dotnet $agent_dll prompt --console --socket $agents/alice-laptop/agent.sock"

wait "${pids[0]}"
