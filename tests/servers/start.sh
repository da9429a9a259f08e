#!/usr/bin/env bash
# Starts PostgreSQL and Redis on free 127.0.0.1 ports as background processes for the scale-out
# tests, and prints the environment that names them (FLEETPORTAL_TEST_POSTGRES, FLEETPORTAL_TEST_REDIS,
# and the pids and folder for tests/servers/stop.sh). Usage: eval "$(tests/servers/start.sh)"
set -euo pipefail

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }

folder=$(mktemp -d /tmp/fleetportal-servers.XXXXXX)
chmod 755 "$folder"

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user when we are root.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$folder"
  as_owner=(runuser -u postgres --)
fi
"${as_owner[@]}" "$bin/initdb" -D "$folder/pg" -U postgres -A trust --no-sync >"$folder/initdb.log" 2>&1 \
  || { cat "$folder/initdb.log" >&2; exit 1; }

# A free port can be taken by another process before the server binds it (a busy machine opens
# thousands of sockets): each server gets a few ports to try.
started=""
for _ in 1 2 3 4 5; do
  pg_port=$(free_port)
  if "${as_owner[@]}" "$bin/pg_ctl" -D "$folder/pg" -l "$folder/pg.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$folder -c fsync=off -c max_connections=300" start >/dev/null; then
    started=yes
    break
  fi
done
[ -n "$started" ] || { cat "$folder/pg.log" >&2; exit 1; }
pg_pid=$(head -1 "$folder/pg/postmaster.pid")

started=""
for _ in 1 2 3 4 5; do
  redis_port=$(free_port)
  rm -f "$folder/redis.pid"
  redis-server --bind 127.0.0.1 --port "$redis_port" --daemonize yes --save '' --appendonly no \
    --pidfile "$folder/redis.pid" --logfile "$folder/redis.log" --dir "$folder"
  for _ in $(seq 1 100); do
    [ -s "$folder/redis.pid" ] && redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  if redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    started=yes
    break
  fi
done
[ -n "$started" ] || { cat "$folder/redis.log" >&2; exit 1; }

echo "export FLEETPORTAL_TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres'"
echo "export FLEETPORTAL_TEST_REDIS='127.0.0.1:$redis_port'"
echo "export FLEETPORTAL_SERVERS_FOLDER='$folder' FLEETPORTAL_SERVERS_PIDS='$pg_pid $(cat "$folder/redis.pid")'"
