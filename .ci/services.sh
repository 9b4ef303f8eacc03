#!/usr/bin/env bash
# Installs (from Debian packages) and starts the servers the tests use, on loopback.
# Source it: it exports KEFU_TEST_POSTGRES_URL and KEFU_TEST_REDIS_URL and registers a stop on exit.
set -euo pipefail

KEFU_PG_PORT=${KEFU_PG_PORT:-54329}
KEFU_REDIS_PORT=${KEFU_REDIS_PORT:-63799}
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
# Chinese glyphs for the printed PDFs the browser tests read back (tests/pdf_text.py).
ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 || need+=(fonts-noto-cjk)
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
KEFU_REDIS_DIR=$(mktemp -d /tmp/kefu-redis.XXXXXX)
redis-server --bind 127.0.0.1 --port "$KEFU_REDIS_PORT" --save "" --appendonly no \
  --dir "$KEFU_REDIS_DIR" --daemonize yes --pidfile "$KEFU_REDIS_DIR/redis.pid" >/dev/null
stop_services() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$KEFU_PG_DATA" -m fast stop >/dev/null 2>&1 || true
  [ -f "$KEFU_REDIS_DIR/redis.pid" ] && kill "$(cat "$KEFU_REDIS_DIR/redis.pid")" 2>/dev/null || true
  rm -rf "$KEFU_PG_DATA" "$KEFU_REDIS_DIR"
}
trap stop_services EXIT
"$PGBIN/psql" -h 127.0.0.1 -p "$KEFU_PG_PORT" -U postgres -qc "CREATE DATABASE kefu_test" >/dev/null
export KEFU_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$KEFU_PG_PORT/kefu_test"
export KEFU_TEST_REDIS_URL="redis://127.0.0.1:$KEFU_REDIS_PORT/0"
for _ in $(seq 50); do redis-cli -p "$KEFU_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$KEFU_PG_PORT," \
  "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$KEFU_REDIS_PORT"
