#!/usr/bin/env bash
#
# The first of the two commands, as a newcomer runs it: `make run` builds,
# starts PostgreSQL with the seed, the Entra ID stand-in and the app with
# auth on, prints the URLs and a ready-to-paste tools/list command that
# works; `make token` gets a token from that running stand-in; the
# commands README and the guide's section 3 show work as printed and
# answer what the text says; SIGTERM to make (what Ctrl-C amounts to)
# stops every process it started.
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

# The commands README and the guide show for the local stack, run as
# printed (ports aside), each section with the answers it promises.
doc() {
	local file=$1 heading=$2 got want
	shift 2
	got=$(harness/scripts/doc-blocks.sh "$file" "$heading" "$port" \
	    "$iport" | RUN="$rundir" PORT="$port" ISSUER_PORT="$iport" \
	    bash -eo pipefail 2>&1) ||
	    die "$file \"$heading\": the commands failed: $(printf '%s' \
	    "$got" | sed 's/eyJ[A-Za-z0-9._-]*/<token>/g' | head -c 600)"
	for want in "$@"; do
		printf '%s' "$got" | grep -qiF -- "$want" ||
		    die "$file \"$heading\": no \"$want\" in what the commands printed: $(printf '%s' \
		    "$got" | sed 's/eyJ[A-Za-z0-9._-]*/<token>/g' | head -c 600)"
	done
	n=$((n + 1))
}
n=0
doc README.md "## The local auth flow, in three lines" \
    '"provider_name":"aad"' '"structuredContent":{"result":[{"id":1,'
doc README.md "## The MCP endpoint" \
    '"protocolVersion":"2025-11-25"' '"name":"create_restaurant_mcp"' \
    '"structuredContent":{"restaurant":{"id":1,'
doc README.md "## Authentication" \
    'www-authenticate: Bearer realm=' '"bearer_methods_supported":["header"]'
doc GUIDE_AUTH_MCP_SERVER.md "## 3. Run it locally first" \
    '"protocolVersion":"2025-03-26"' '"structuredContent":{"result":[' \
    'HTTP/1.1 401' 'resource_metadata="http://127.0.0.1:' \
    'HTTP/1.1 403' '"provider_name":"aad"'
doc docs/scenarios.md "### Requests" 'Lighthouse Noodle Bar'

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
for i in $(seq 1 50); do
	pgrep -f "tail -n \+1 -f $rundir/" >/dev/null || break
	sleep 0.1
done
! pgrep -f "tail -n \+1 -f $rundir/" >/dev/null ||
    die "the log follower (tail -f) still runs after SIGTERM to make"
say "make run: banner, 401 on /, the printed command lists 4 tools, $n documented sections run as printed, SIGTERM stops all"
