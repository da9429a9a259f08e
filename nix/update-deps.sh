#!/usr/bin/env bash
# Regenerates nix/deps.json: the NuGet lock file the Nix packages give buildDotnetModule as
# nugetDeps, in the format nixpkgs' nuget-to-json writes. It lists every package the portal and
# the agent restore, with the SHA-256 of the .nupkg in the NuGet packages folder.
# Deterministic and offline once the packages are restored (as any build of the solution does).
#
# Usage: nix/update-deps.sh [output file]     (default: nix/deps.json)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$root/nix/deps.json}")

# The programs the Nix packages build; test projects are not built by Nix.
projects=(FleetPortal.Web/FleetPortal.Web.csproj FleetPortal.Agent/FleetPortal.Agent.csproj)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
assets=()
for project in "${projects[@]}"; do
  # A no-op when the solution has been built; it only downloads what is not restored yet.
  dotnet restore "$root/$project" --verbosity quiet >&2
  assets+=("$root/$(dirname "$project")/obj/project.assets.json")
done

dotnet run --file "$root/nix/update-deps.cs" -- "$out" "${assets[@]}"
