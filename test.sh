#!/usr/bin/env bash
# Installs what the tests need (Debian packages), builds, runs every test, and ends with
# the line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"
root="$PWD"

# Debian packages the tests run for real: the Nix evaluator, a D-Bus session bus, the browser,
# the database and backplane servers of the scale-out tests, and the C toolchain that links the
# agent compiled ahead of time.
declare -A needs=([nix-instantiate]=nix-bin [dbus-daemon]=dbus [chromium]=chromium [redis-server]=redis-server [clang]=clang)
missing=()
for command in "${!needs[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${needs[$command]}")
done
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
dotnet build FleetPortal.sln -c Release -nologo -clp:ErrorsOnly
# The agent as it ships, compiled ahead of time: the agent's tests run this program.
dotnet publish FleetPortal.Agent -c Release -p:PublishAot=true -o FleetPortal.Agent/bin/native -nologo -clp:ErrorsOnly
export FLEETPORTAL_AGENT_EXECUTABLE="$root/FleetPortal.Agent/bin/native/fleetportal-agent"

# PostgreSQL and Redis on free 127.0.0.1 ports for this run only, stopped by pid on exit.
# FLEETPORTAL_TEST_SH makes a scale-out test fail, not skip, if they are somehow missing.
eval "$(tests/servers/start.sh)"
trap tests/servers/stop.sh EXIT
export FLEETPORTAL_TEST_SH=1

results="$root/.test-results"
rm -rf "$results"
status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" \
    --results-directory "$results" || status=$?
done

# Sum the counters of every test project's TRX report.
passed=0 failed=0 total=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
done
skipped=$((total - passed - failed))
# A test run that crashed before writing its report still fails the suite.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
