#!/usr/bin/env bash
# Builds and starts the portal on http://127.0.0.1:5080 with its SQLite database under ./data/
# and, on first start, a demo fleet. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build FleetPortal.Web -c Release -nologo -clp:ErrorsOnly

export FleetPortal__DataDirectory="$PWD/data"
export FleetPortal__Demo__Seed=true
export ASPNETCORE_URLS="http://127.0.0.1:5080"
echo "FleetPortal starts on http://127.0.0.1:5080; sign in at http://127.0.0.1:5080/Account/Login"
echo "(on the first start the demo users and their passwords are printed below, only that once)."
exec dotnet run --project FleetPortal.Web -c Release --no-build --no-launch-profile
