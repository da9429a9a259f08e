#!/usr/bin/env bash
# The fleet benchmark: bench/run.sh [N] writes bench/results/<date>-<N>.md.
# Everything runs on 127.0.0.1 and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
hosts="${1:-10000}"
only="${BENCH_ONLY:-fleetportal,bare,mqtt,scaleout}"
# Every FleetPortal round runs every simulated rebuild to its end: fewer rounds for a large fleet.
rounds="${BENCH_ROUNDS:-$([ "$hosts" -ge 5000 ] && echo 1 || echo 3)}"

missing=()
for package in mosquitto chromium clang; do
  command -v "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
# The two-process scenario's database and Redis server (tests/servers/start.sh runs them).
if [[ ",$only," == *,scaleout,* ]]; then
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
fi
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Each connection is a socket on both ends, in the same machine: two descriptors per host.
ulimit -n "$(ulimit -Hn)"

# A run killed by hand leaves its workspace on tmpfs: 10,000 simulated machines' state directories,
# whose files use up /dev/shm's inodes after a few. A run ends within the hour (timeout below).
find /dev/shm -maxdepth 1 -name 'fleetportal-bench-*' -mmin +90 -exec rm -rf {} + 2>/dev/null || true

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/FleetPortal.Bench -c Release -nologo -clp:ErrorsOnly
dotnet build FleetPortal.Web -c Release -nologo -clp:ErrorsOnly
dotnet build bench/FleetPortal.Bench.BareHub -c Release -nologo -clp:ErrorsOnly
# The agent's footprint is measured on the agent as it ships, compiled ahead of time.
dotnet publish FleetPortal.Agent -c Release -p:PublishAot=true -o FleetPortal.Agent/bin/native -nologo -clp:ErrorsOnly

mkdir -p bench/results
out="bench/results/$(date -u +%Y-%m-%d)-$hosts.md"
# An earlier run's file of the same day may carry notes written by hand: never overwrite it.
[ -e "$out" ] && out="bench/results/$(date -u +%Y-%m-%d-%H%M)-$hosts.md"

# PostgreSQL and Redis on free 127.0.0.1 ports for this run only, stopped by pid when the script
# ends, however it ends; the driver makes a fresh database on the server for its run.
servers=()
if [[ ",$only," == *,scaleout,* ]]; then
  eval "$(tests/servers/start.sh)"
  trap tests/servers/stop.sh EXIT
  servers=(--postgres "$FLEETPORTAL_TEST_POSTGRES" --redis "$FLEETPORTAL_TEST_REDIS")
fi

# Each phase has its own time limit; this one only stops a run that hangs regardless.
timeout 60m dotnet bench/FleetPortal.Bench/bin/Release/net10.0/FleetPortal.Bench.dll \
  --hosts "$hosts" --out "$out" --only "$only" --rounds "$rounds" \
  --barehub bench/FleetPortal.Bench.BareHub/bin/Release/net10.0/FleetPortal.Bench.BareHub.dll \
  --portal FleetPortal.Web/bin/Release/net10.0/fleetportal.dll \
  --agent FleetPortal.Agent/bin/native/fleetportal-agent "${servers[@]}"
