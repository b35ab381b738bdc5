#!/usr/bin/env bash
#
# /healthz follows the database: 200 while PostgreSQL answers, 503 while
# it is stopped, 200 again once it is back, with the same app processes
# (pooled connections that died with the old server are replaced).
# Runs last: it stops PostgreSQL under everything else.
set -euo pipefail
. harness/scripts/lib.sh

status() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$1"; }
url="$E2E_BASE_OFF/healthz"

got=$(status "$url")
[ "$got" = 200 ] || die "healthz with the database up: want 200, got $got"

dir=$(cat "$RUN/pg.dir")
as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
got=$(status "$url")
[ "$got" = 503 ] || die "healthz with the database down: want 503, got $got"
body=$(curl -s --max-time 10 "$url")
[ "$body" = '{"status":"unavailable","reason":"database unreachable"}' ] ||
    die "healthz body with the database down: $body"

pg_up "$RUN" "$DB_PORT" fast
got=$(status "$url")
[ "$got" = 200 ] || die "healthz after the database came back: want 200, got $got"

# A restart with no request in between leaves dead connections in the
# pool: the first request after it must still succeed (one retry).
for i in 1 2 3 4; do status "$url" >/dev/null; done
as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
pg_up "$RUN" "$DB_PORT" fast
got=$(status "$url")
[ "$got" = 200 ] || die "healthz right after a restart: want 200, got $got"
say "healthz: 200 up, 503 down, 200 back, 200 right after a restart"
