#!/usr/bin/env bash
#
# make run: PostgreSQL with the seed data, the local Entra ID stand-in on
# ISSUER_PORT (default PORT + 1) when AUTH=on, then the app in the
# foreground on http://127.0.0.1:$PORT. Ctrl-C (or SIGTERM to make) stops
# it all.
set -euo pipefail
cd "$(dirname "$0")/../.."
. harness/scripts/lib.sh

RUN="$RUN/dev"
DB_PORT=${DB_PORT:-55432}
PORT=${PORT:-8000}
ISSUER_PORT=${ISSUER_PORT:-$((PORT + 1))}
AUTH=${AUTH:-on}
export RUN DB_PORT

case "$AUTH" in
on|off) ;;
*) die "AUTH must be on or off" ;;
esac

mkdir -p "$RUN"
parent=$PPID
# Everything started here, the log follower too, on any way out.
tailpid=""
run_stop() {
	[ -n "$tailpid" ] && kill "$tailpid" 2>/dev/null
	stack_stop_all
}
trap 'run_stop; exit 0' INT TERM
trap 'run_stop' EXIT

pg_up "$RUN" "$DB_PORT"
db_setup "$DB_PORT" 1

logs=("$RUN/app.log")
if [ "$AUTH" = on ]; then
	issuer_up "$RUN" "$ISSUER_PORT" issuer
	logs+=("$RUN/issuer.log")
fi

auth=()
if [ "$AUTH" = on ]; then
	mapfile -t auth < <(auth_env "$(cat "$RUN/issuer.url")")
fi
app_up app "$PORT" WORKER_DEATH_POLICY=restart "${auth[@]}"

cat <<MSG

  Restaurant reviews   http://127.0.0.1:$PORT/
  MCP endpoint         http://127.0.0.1:$PORT/mcp/mcp
  Health               http://127.0.0.1:$PORT/healthz
  Database             psql -h 127.0.0.1 -p $DB_PORT -U reviews reviews
MSG

if [ "$AUTH" = on ]; then
	meta="$(cat "$RUN/issuer.url")/$(issuer_tenant)/v2.0"
	meta="$meta/.well-known/openid-configuration"
	cat <<MSG
  Entra ID stand-in    $meta
  An access token      make -s token     (CLIENT=project, norole or outsider)

  Auth is on, as on Azure: every page answers 401 without a token (guide
  case B1). To browse the site, run: make run AUTH=off

  Call tools/list with a fresh token (paste in another shell, in this folder):

    curl -s http://127.0.0.1:$PORT/mcp/mcp \\
      -H "Authorization: Bearer \$(make -s token)" \\
      -H 'Content-Type: application/json' \\
      -H 'Accept: application/json, text/event-stream' \\
      -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'
MSG
fi

cat <<MSG

  Logs follow; Ctrl-C stops everything.

MSG

tail -n +1 -f "${logs[@]}" &
tailpid=$!
# Stop with make too, should it be killed without passing the signal on.
while kill -0 "$(cat "$RUN/pids/app.pid")" 2>/dev/null; do
	kill -0 "$parent" 2>/dev/null || exit 0
	if [ "$AUTH" = on ] &&
	    ! kill -0 "$(cat "$RUN/pids/issuer.pid")" 2>/dev/null; then
		die "the Entra ID stand-in stopped; see $RUN/issuer.log"
	fi
	sleep 0.5
done
die "the app stopped; see $RUN/app.log"
