#!/usr/bin/env bash
#
# make run: PostgreSQL with the seed data, then the app in the foreground
# on http://127.0.0.1:$PORT. Ctrl-C (or SIGTERM to make) stops it all.
set -euo pipefail
cd "$(dirname "$0")/../.."
. harness/scripts/lib.sh

RUN="$RUN/dev"
DB_PORT=${DB_PORT:-55432}
PORT=${PORT:-8000}
AUTH=${AUTH:-off}
export RUN DB_PORT

case "$AUTH" in
on|off) ;;
*) die "AUTH must be on or off" ;;
esac

mkdir -p "$RUN"
parent=$PPID
trap 'stack_stop_all; exit 0' INT TERM
trap 'stack_stop_all' EXIT

pg_up "$RUN" "$DB_PORT"
db_setup "$DB_PORT" 1

app_up app "$PORT" WORKER_DEATH_POLICY=restart

cat <<MSG

  Restaurant reviews   http://127.0.0.1:$PORT/
  MCP endpoint         http://127.0.0.1:$PORT/mcp/mcp
  Health               http://127.0.0.1:$PORT/healthz
  Database             psql -h 127.0.0.1 -p $DB_PORT -U reviews reviews

  Logs follow; Ctrl-C stops the app and PostgreSQL.

MSG

tail -n +1 -f "$RUN/app.log" &
tailpid=$!
# Stop with make too, should it be killed without passing the signal on.
while kill -0 "$(cat "$RUN/pids/app.pid")" 2>/dev/null; do
	kill -0 "$parent" 2>/dev/null || exit 0
	sleep 0.5
done
kill "$tailpid" 2>/dev/null || true
die "the app stopped; see $RUN/app.log"
