#!/usr/bin/env bash
# Installs (from Debian packages) and starts the servers the tests use, on loopback.
# Source it: it exports KEFU_TEST_POSTGRES_URL and registers a stop on exit.
set -euo pipefail

KEFU_PG_PORT=${KEFU_PG_PORT:-54329}
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
KEFU_PG_DATA=$(mktemp -d /tmp/kefu-pg.XXXXXX)
chown postgres "$KEFU_PG_DATA"
runuser -u postgres -- "$PGBIN/initdb" -D "$KEFU_PG_DATA" -A trust -U postgres -E UTF8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$KEFU_PG_DATA" -l "$KEFU_PG_DATA/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $KEFU_PG_PORT -k $KEFU_PG_DATA -c fsync=off" start >/dev/null
stop_services() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$KEFU_PG_DATA" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$KEFU_PG_DATA"
}
trap stop_services EXIT
"$PGBIN/psql" -h 127.0.0.1 -p "$KEFU_PG_PORT" -U postgres -qc "CREATE DATABASE kefu_test" >/dev/null
export KEFU_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$KEFU_PG_PORT/kefu_test"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$KEFU_PG_PORT"
