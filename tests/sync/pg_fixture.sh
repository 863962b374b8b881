#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the CTest fixture hub_postgres (issue
# #20, docs/hub-storage.md): `start DIR` runs initdb in DIR and the server on a
# Unix socket there only (no TCP port), `stop DIR` stops it and removes DIR.
# The tests of the fixture get GUICHET_TEST_HUB_POSTGRES="host=DIR port=5432
# user=postgres" and make one database per hub (tests/sync/sync_test_util.cpp).
# As root the cluster belongs to postgres (initdb refuses root), through runuser.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
action=${1:?start or stop}
dir=${2:?the cluster folder}
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$action" in
  start)
    [ -x "$bin/initdb" ] || { echo "pg_fixture: PostgreSQL 15 is not installed (apt-get install postgresql)" >&2; exit 1; }
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync off: a test cluster, thrown away. Enough connections for the tests run side by side.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-k $dir -c listen_addresses= -c fsync=off -c max_connections=200 -p 5432" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "pg_fixture: PostgreSQL on host=$dir port=5432"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: pg_fixture.sh start|stop DIR" >&2; exit 2 ;;
esac
