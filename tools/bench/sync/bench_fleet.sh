#!/usr/bin/env bash
# Département benchmark (issue #20): prints figures, asserts nothing.
#   1. fleet: a throw-away PostgreSQL 15 cluster (Unix socket only, fsync on),
#      HUBS guichet-hub processes on it (`use-postgres`), Debian's nginx in front
#      on 127.0.0.1 (round robin, the configuration of docs/hub-storage.md §5);
#      guichet-fleet-bench drives KIOSKS kiosks and a partner through nginx for
#      MINUTES: requests, latency p50/p95/p99, errors, CPU and peak RSS of each
#      hub, of postgres (all its processes) and of nginx.
#   2. ingest (INGEST=1): guichet-sync-bench, AGENTS agents, INGEST_MODE (both: single, batch), hub on
#      SQLite then on PostgreSQL (the same cluster), side by side.
# Loopback only; bounded in count and time.
# Usage: tools/bench/sync/bench_fleet.sh [BUILD_DIR]   (default build-rel, RelWithDebInfo, -DGUICHET_BENCH=ON)
# Env: KIOSKS (1000), MINUTES (10), HUBS (2), THREADS (16), INGEST (1), AGENTS (4), DEMARCHES (10000),
#      INGEST_MODE (both), INGEST_BATCH (10), FLEET (1: 0 leaves the fleet out),
#      PG_OPTS (extra postgres options, e.g. "-c synchronous_commit=off").
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
cd "$(dirname "$0")/../../.."
source tools/bench/bench_lib.sh
build=${1:-build-rel}
B=$build/bin
kiosks=${KIOSKS:-1000} minutes=${MINUTES:-10} hubs=${HUBS:-2} threads=${THREADS:-16}
for t in guichet-hub guichet-fleet-bench guichet-sync-bench; do
  [ -x "$B/$t" ] || { echo "bench_fleet: $B/$t missing: build it (-DGUICHET_BENCH=ON)"; exit 2; }
done
pgbin=/usr/lib/postgresql/15/bin
[ -x $pgbin/initdb ] || { echo "bench_fleet: PostgreSQL 15 missing: apt-get install postgresql"; exit 2; }
[ -x /usr/sbin/nginx ] || { echo "bench_fleet: nginx missing: apt-get install nginx-light"; exit 2; }

work=$(mktemp -d /tmp/guichet-fleet-XXXXXX)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  kill "$(cat "$work/nginx/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  as_pg $pgbin/pg_ctl -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

bench_header "fleet (hubs on PostgreSQL behind nginx)" | head -1
# PostgreSQL: its own socket folder, no TCP port; fsync left on (a benchmark, not a test).
mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres: "$work/pg"
as_pg $pgbin/initdb -D "$work/pg/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1
as_pg $pgbin/pg_ctl -D "$work/pg/data" -l "$work/pg/server.log" -w -t 30 \
  -o "-k $work/pg -c listen_addresses= -p 5432 -c max_connections=200 ${PG_OPTS:-}" start >/dev/null
server="host=$work/pg port=5432 user=postgres connect_timeout=10"
postmaster=$(head -1 "$work/pg/data/postmaster.pid")
echo "postgres $($pgbin/postgres --version | awk '{print $3}') (options: ${PG_OPTS:-defaults, fsync on}), nginx $(/usr/sbin/nginx -v 2>&1 | sed 's/.*nginx\///')"

if [ "${FLEET:-1}" != 0 ]; then
  as_pg psql -h "$work/pg" -U postgres -qc "CREATE DATABASE fleet" postgres
  watch=(--watch "postgres=$postmaster")
  upstream=""
  for i in $(seq 1 "$hubs"); do
    d=$work/hub-$i
    "$B/guichet-hub" use-postgres --data "$d" --conninfo "$server dbname=fleet" >/dev/null
    "$B/guichet-hub" --data "$d" --listen 127.0.0.1:0 >"$work/hub-$i.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 100); do grep -q "listening on" "$work/hub-$i.log" && break; sleep 0.1; done
    port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/hub-$i.log" | head -1)
    [ -n "$port" ] || { echo "bench_fleet: hub $i did not start:"; cat "$work/hub-$i.log"; exit 1; }
    upstream+="    server 127.0.0.1:$port max_fails=1 fail_timeout=30s;"$'\n'
    watch+=(--watch "hub-$i=${pids[-1]}")
  done
  # nginx: as the test and docs/hub-storage.md §5; enough connections for every kiosk's keep-alive.
  mkdir -p "$work/nginx/tmp"
  nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  {
    echo "daemon off; worker_processes 1; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log warn;"
    [ "$(id -u)" = 0 ] && echo "user root;"
    echo "worker_rlimit_nofile 8192; events { worker_connections 4096; }"
    echo "http { access_log off; client_max_body_size 64m;"
    for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $work/nginx/tmp/$t;"; done
    echo "  upstream hubs {"; printf '%s' "$upstream"; echo "  }"
    echo "  server { listen 127.0.0.1:$nport;"
    echo "    location / { proxy_pass http://hubs; proxy_http_version 1.1; proxy_set_header Connection \"\";"
    echo "      proxy_set_header X-Forwarded-For \$remote_addr;"
    echo "      proxy_next_upstream error timeout http_502 non_idempotent; proxy_next_upstream_tries 2;"
    echo "      proxy_connect_timeout 2s; } } }"
  } >"$work/nginx/nginx.conf"
  /usr/sbin/nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
  pids+=($!)
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$nport/v1/ping" && break; sleep 0.1; done
  watch+=(--watch "nginx=${pids[-1]}")
  echo
  echo "== fleet: $kiosks kiosks, $minutes min, $hubs hubs on PostgreSQL behind nginx (load $(cut -d' ' -f1-3 /proc/loadavg))"
  "$B/guichet-fleet-bench" --url "http://127.0.0.1:$nport" --hub-data "$work/hub-1" --kiosks "$kiosks" \
    --minutes "$minutes" --threads "$threads" "${watch[@]}"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -c "\[error\]" "$work/nginx/error.log" | sed 's/^/nginx error log lines: /' || true
fi

if [ "${INGEST:-1}" != 0 ]; then
  echo
  echo "== ingest: ${AGENTS:-4} agents, SQLite then PostgreSQL (load $(cut -d' ' -f1-3 /proc/loadavg))"
  "$B/guichet-sync-bench" --mode "${INGEST_MODE:-both}" --agents "${AGENTS:-4}" --demarches "${DEMARCHES:-10000}" --drain 1000 --ingest-batch "${INGEST_BATCH:-10}" \
    --attachments 0 --line-kbit 0 --postgres "$server"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
