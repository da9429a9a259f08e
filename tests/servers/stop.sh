#!/usr/bin/env bash
# Stops the servers tests/servers/start.sh started, by their own pids, and removes their folder.
for pid in ${FLEETPORTAL_SERVERS_PIDS:-}; do
  kill "$pid" 2>/dev/null || true
done
for pid in ${FLEETPORTAL_SERVERS_PIDS:-}; do
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
done
[ -n "${FLEETPORTAL_SERVERS_FOLDER:-}" ] && rm -rf "$FLEETPORTAL_SERVERS_FOLDER"
exit 0
