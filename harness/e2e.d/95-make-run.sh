#!/usr/bin/env bash
#
# The first of the two commands, as a newcomer runs it: `make run` builds,
# starts PostgreSQL with the seed, the Entra ID stand-in and the app with
# auth on, prints the URLs and a ready-to-paste tools/list command that
# works; `make token` gets a token from that running stand-in; SIGTERM to
# make (what Ctrl-C amounts to) stops every process it started.
set -euo pipefail
. harness/scripts/lib.sh

port=$((TEST_PORT_BASE + 40))
iport=$((TEST_PORT_BASE + 41))
dbport=$((TEST_PORT_BASE + 441))
rundir="$E2E_RUN/makerun"
out="$E2E_RUN/make-run.out"
mkdir -p "$rundir"

setsid make --no-print-directory run RUN="$rundir" PORT="$port" \
    ISSUER_PORT="$iport" DB_PORT="$dbport" >"$out" 2>&1 </dev/null &
make_pid=$!

cleanup() {
	kill -KILL "-$make_pid" 2>/dev/null || true
	RUN="$rundir/dev" stack_stop_all 2>/dev/null || true
}
trap cleanup EXIT

for i in $(seq 1 300); do
	grep -q 'Logs follow' "$out" 2>/dev/null && break
	kill -0 "$make_pid" 2>/dev/null || { cat "$out"; die "make run exited"; }
	sleep 0.1
done
grep -q 'Logs follow' "$out" || { cat "$out"; die "make run printed no banner in 30 s"; }
grep -q "Restaurant reviews   http://127.0.0.1:$port/" "$out" ||
    die "the banner does not show the site URL"
grep -q "MCP endpoint         http://127.0.0.1:$port/mcp/mcp" "$out" ||
    die "the banner does not show the MCP URL"

# With auth on, the site answers 401 without a token (guide case B1)...
got=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")
[ "$got" = 401 ] || die "GET / with auth on: want 401, got $got"

# ... and the printed command works as printed, token from make token.
cmd=$(sed -n '/^    curl -s http/,/-d /p' "$out" | sed 's/^    //')
[ -n "$cmd" ] || die "the banner has no tools/list command"
body=$(RUN="$rundir" PORT="$port" ISSUER_PORT="$iport" bash -c "$cmd")
printf '%s' "$body" | jq -e '.result.tools | length == 4' >/dev/null ||
    die "the printed tools/list command did not list 4 tools: $(printf '%s' "$body" | head -c 300)"

# SIGTERM to make stops the app, the stand-in and PostgreSQL.
pids=$(cat "$rundir"/dev/pids/*.pid)
pgpid=$(head -n 1 "$(cat "$rundir/dev/pg.dir")/data/postmaster.pid")
kill -TERM "$make_pid"
for i in $(seq 1 150); do
	alive=""
	for p in $pids $pgpid; do
		kill -0 "$p" 2>/dev/null && alive="$alive $p"
	done
	[ -z "$alive" ] && break
	sleep 0.1
done
[ -z "$alive" ] || die "still running 15 s after SIGTERM to make:$alive"
say "make run: banner, 401 on /, the printed command lists 4 tools, SIGTERM stops all"
