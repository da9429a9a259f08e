#!/usr/bin/env bash
# The fleet benchmark: bench/run.sh [N] writes bench/results/<date>-<N>.md.
# Everything runs on 127.0.0.1 and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
hosts="${1:-10000}"
only="${BENCH_ONLY:-fleetportal,bare,mqtt}"
# Every FleetPortal round runs every simulated rebuild to its end: fewer rounds for a large fleet.
rounds="${BENCH_ROUNDS:-$([ "$hosts" -ge 5000 ] && echo 1 || echo 3)}"

if ! command -v mosquitto >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1 || ! command -v clang >/dev/null 2>&1 || [ ! -e /usr/include/zlib.h ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends mosquitto chromium clang zlib1g-dev >/dev/null
fi

# Each connection is a socket on both ends, in the same machine: two descriptors per host.
ulimit -n "$(ulimit -Hn)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/FleetPortal.Bench -c Release -nologo -clp:ErrorsOnly
dotnet build FleetPortal.Web -c Release -nologo -clp:ErrorsOnly
dotnet build bench/FleetPortal.Bench.BareHub -c Release -nologo -clp:ErrorsOnly
# The agent's footprint is measured on the agent as it ships, compiled ahead of time.
dotnet publish FleetPortal.Agent -c Release -p:PublishAot=true -o FleetPortal.Agent/bin/native -nologo -clp:ErrorsOnly

mkdir -p bench/results
out="bench/results/$(date -u +%Y-%m-%d)-$hosts.md"
# Each phase has its own time limit; this one only stops a run that hangs regardless.
timeout 45m dotnet bench/FleetPortal.Bench/bin/Release/net10.0/FleetPortal.Bench.dll \
  --hosts "$hosts" --out "$out" --only "$only" --rounds "$rounds" \
  --barehub bench/FleetPortal.Bench.BareHub/bin/Release/net10.0/FleetPortal.Bench.BareHub.dll \
  --portal FleetPortal.Web/bin/Release/net10.0/fleetportal.dll \
  --agent FleetPortal.Agent/bin/native/fleetportal-agent
