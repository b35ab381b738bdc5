#!/usr/bin/env bash
#
# make bench: throughput, latency and memory of the MCP endpoint, next to
# a Kore hello-world handler (harness/bench/hello.c) measured in the same
# run as the ceiling. Not a test: it asserts nothing, it prints figures
# (and leaves them in $RUN/bench/results.md) for docs/performance.md.
#
# Loopback, $BENCH_WORKERS (default 2) app workers, auth off, a fresh
# PostgreSQL with the seed; the *_auth cases on a second instance with
# the auth gate on (a valid token, as an agent sends it), and the gate's
# micro benchmark (first verification of a token vs. its cached path). Every case: wrk -t1 -c$BENCH_CONNS (default 32)
# -d${BENCH_SECONDS}s after a short warm-up, in $BENCH_ROUNDS (default 3)
# interleaved rounds, medians reported; list_restaurants once more
# at 4 connections for latency without queueing, and GET /healthz (one
# SELECT 1 through db.c) as the ceiling of any database round trip.
# Ports: TEST_PORT_BASE + 10.. (see e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
. harness/scripts/lib.sh

base=${TEST_PORT_BASE:-18000}
RUN="$RUN/bench"
DB_PORT=$((base + 434))
APP_PORT=$((base + 11))
HELLO_PORT=$((base + 12))
ISSUER_PORT=$((base + 13))
AUTH_PORT=$((base + 14))
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-32}
WORKERS=${BENCH_WORKERS:-2}
export RUN DB_PORT

command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk"

stack_stop_all 2>/dev/null
if [ -f "$RUN/pg.dir" ]; then
	rm -rf "$(cat "$RUN/pg.dir")"
fi
rm -rf "$RUN"
mkdir -p "$RUN"
trap 'stack_stop_all' EXIT
trap 'exit 130' INT TERM

# The hello module: same Kore, same build features, nothing else.
mkdir -p "$BUILD/bench"
read -r -a features </usr/share/kore/features
cc -O2 -fPIC -shared "${features[@]}" -o "$BUILD/bench/hello.so" \
    harness/bench/hello.c
sed -e "s|@PORT@|$HELLO_PORT|" -e "s|@SO@|$TOP/$BUILD/bench/hello.so|" \
    -e "s|@RUN@|$RUN|" -e "s|@WORKERS@|$WORKERS|" \
    harness/bench/hello.conf.in >"$RUN/hello.conf"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
pg_up "$RUN" "$DB_PORT" fast
db_setup "$DB_PORT" 1
app_up app "$APP_PORT" WORKERS="$WORKERS" WORKER_DEATH_POLICY=terminate
# The same app with the auth gate on, against the local Entra ID stand-in;
# its cases send a valid token (verified once, then served from the
# gate's cache, as for an agent that reuses its token for an hour).
issuer_up "$RUN" "$ISSUER_PORT" issuer
mapfile -t auth < <(auth_env "http://127.0.0.1:$ISSUER_PORT")
app_up app-auth "$AUTH_PORT" WORKERS="$WORKERS" WORKER_DEATH_POLICY=terminate \
    "${auth[@]}"
BENCH_TOKEN=$(issuer_token "http://127.0.0.1:$ISSUER_PORT" agent)
proc_start hello "$RUN/hello.log" stdbuf -oL -eL kore -fnrc "$RUN/hello.conf"
wait_http "http://127.0.0.1:$HELLO_PORT/mcp/mcp" 20 "$RUN/pids/hello.pid" ||
    die "the hello module did not start; see $RUN/hello.log"

body_list='{"jsonrpc":"2.0","id":1,"method":"tools/list"}'
body_rest='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_restaurants_mcp","arguments":{}}}'
body_det='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_details_mcp","arguments":{"restaurant_id":1}}}'

# Each case must answer what it should before it is timed.
check() {
	local url=$1 body=$2 want=$3 tok=${4:-} got h=()
	[ -n "$tok" ] && h=(-H "Authorization: Bearer $tok")
	got=$(curl -s -X POST "$url" -H 'Content-Type: application/json' \
	    "${h[@]}" \
	    -H 'Accept: application/json, text/event-stream' \
	    -H 'MCP-Protocol-Version: 2025-11-25' --data-binary "$body")
	printf '%s' "$got" | grep -q "$want" ||
	    die "bench: $url answered $got"
}
app="http://127.0.0.1:$APP_PORT/mcp/mcp"
hello="http://127.0.0.1:$HELLO_PORT/mcp/mcp"
auth="http://127.0.0.1:$AUTH_PORT/mcp/mcp"
check "$app" "$body_list" '"name":"create_restaurant_mcp"'
check "$auth" "$body_list" '"name":"create_restaurant_mcp"' "$BENCH_TOKEN"
check "$auth" "$body_list" '"error"'
check "$app" "$body_rest" '"isError":false'
check "$app" "$body_det" '"isError":false'
check "$hello" "$body_list" '"result":{}'

# ms VALUE: wrk's "812.00us" / "1.23ms" / "1.02s" in milliseconds.
ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0
		if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
		else if (v ~ /s$/) n *= 1000
		printf "%.3f", n }'
}

# run NAME URL BODY|GET [CONNS [TOKEN]]: warm up, measure, append req/s,
# p50 and p99 (ms) to the case's lists; errors are kept.
declare -A RPS P50 P99 ERR
run() {
	local name=$1 url=$2 body=$3 c=${4:-$CONNS} tok=${5:-} out script
	local r p50 p99 e
	script=(-s harness/bench/post.lua)
	[ "$body" = GET ] && script=()
	BENCH_BODY=$body BENCH_TOKEN=$tok wrk -t1 -c"$c" -d2s \
	    "${script[@]}" "$url" >/dev/null
	out=$(BENCH_BODY=$body BENCH_TOKEN=$tok wrk -t1 -c"$c" -d"${SECS}s" \
	    --latency "${script[@]}" "$url")
	printf '%s\n' "$out" >>"$RUN/wrk-$name.txt"
	r=$(printf '%s\n' "$out" | awk '/^Requests\/sec:/ {print $2}')
	p50=$(ms "$(printf '%s\n' "$out" | awk '$1 == "50%" {print $2}')")
	p99=$(ms "$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')")
	e=$(printf '%s\n' "$out" |
	    awk '/Non-2xx|Socket errors/ {sub(/^ +/, ""); printf "%s; ", $0}')
	RPS[$name]="${RPS[$name]:-} $r"
	P50[$name]="${P50[$name]:-} $p50"
	P99[$name]="${P99[$name]:-} $p99"
	ERR[$name]="${ERR[$name]:-}$e"
	say "bench: $name $r req/s, p50 $p50 ms, p99 $p99 ms $e"
}

# median LIST: the middle value of numbers separated by spaces.
median() {
	local v
	read -r -a v <<<"$1"
	printf '%s\n' "${v[@]}" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Rounds interleave the cases, so a burst of load from elsewhere on the
# machine hits every case alike; the table shows medians over rounds.
ROUNDS=${BENCH_ROUNDS:-3}
cases="hello tools_list healthz list_restaurants get_details"
cases="$cases list_restaurants_c4 tools_list_auth list_restaurants_auth"
for round in $(seq 1 "$ROUNDS"); do
	say "bench: round $round of $ROUNDS"
	run hello "$hello" "$body_list"
	run tools_list "$app" "$body_list"
	run healthz "http://127.0.0.1:$APP_PORT/healthz" GET
	run list_restaurants "$app" "$body_rest"
	run get_details "$app" "$body_det"
	run list_restaurants_c4 "$app" "$body_rest" 4
	run tools_list_auth "$auth" "$body_list" "$CONNS" "$BENCH_TOKEN"
	run list_restaurants_auth "$auth" "$body_rest" "$CONNS" "$BENCH_TOKEN"
done

# mem NAME: peak memory of a Kore instance, "VmHWM-sum PSS-sum nprocs" in
# kB: VmHWM summed over the parent and its workers (shared pages count
# once per process, so this over-counts), and the proportional set size
# (shared pages split between the processes) as the fairer figure.
mem() {
	local pid p h s hwm=0 pss=0 n=0
	pid=$(cat "$RUN/pids/$1.pid")
	for p in "$pid" $(ps -o pid= --ppid "$pid"); do
		h=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status")
		s=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup")
		hwm=$((hwm + h))
		pss=$((pss + s))
		n=$((n + 1))
	done
	printf '%s %s %s\n' "$hwm" "$pss" "$n"
}
read -r hwm pss nproc_app <<<"$(mem app)"
read -r hwm_hello pss_hello _ <<<"$(mem hello)"
read -r hwm_auth pss_auth _ <<<"$(mem app-auth)"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

ceiling=$(median "${RPS[hello]}")
ratio() {
	awk -v a="$1" -v b="$ceiling" 'BEGIN { printf "%.0f %%", 100 * a / b }'
}

{
	printf '| case | req/s | p50 ms | p99 ms | of hello | req/s, rounds |\n'
	printf '|---|---:|---:|---:|---:|---|\n'
	for n in $cases; do
		r=$(median "${RPS[$n]}")
		read -r -a all <<<"${RPS[$n]}"
		printf '| %s | %.0f | %.2f | %.2f | %s | %s |\n' "$n" "$r" \
		    "$(median "${P50[$n]}")" "$(median "${P99[$n]}")" \
		    "$(ratio "$r")" "$(printf '%.0f ' "${all[@]}" | sed 's/ $//')"
	done
	printf '\n'
	awk -v n="$nproc_app" -v h="$hwm" -v p="$pss" -v hh="$hwm_hello" \
	    -v ph="$pss_hello" 'BEGIN {
		printf "Memory after the run, %d processes (parent + " \
		    "workers): app VmHWM sum %.1f MB, PSS sum %.1f MB; " \
		    "hello VmHWM sum %.1f MB, PSS sum %.1f MB.\n", n,
		    h / 1024, p / 1024, hh / 1024, ph / 1024 }'
	awk -v h="$hwm_auth" -v p="$pss_auth" 'BEGIN {
		printf "The app with auth on: VmHWM sum %.1f MB, PSS sum " \
		    "%.1f MB.\n", h / 1024, p / 1024 }'
	printf 'Medians of %s rounds; wrk -t1 -c%s (c4: -c4) -d%ss per case ' \
	    "$ROUNDS" "$CONNS" "$SECS"
	printf 'after a 2 s warm-up, ' 
	printf 'loopback; app and hello with %s workers each.\n' "$WORKERS"
	printf 'Machine: %s, %s cores, Linux %s. Load average before %s, ' \
	    "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" \
	    "$(nproc)" "$(uname -r)" "$load_before"
	printf 'after %s.\n' "$load_after"
	for n in $cases; do
		[ -z "${ERR[$n]}" ] || printf 'wrk %s: %s\n' "$n" "${ERR[$n]}"
	done
	# The gate's token paths on one core (app/tests/bench_auth.c).
	printf '\nThe auth gate per token, one core (%s):\n\n' \
	    "$BUILD/app/bench/auth-bench"
	printf '| path | us per token | tokens/s |\n|---|---:|---:|\n'
	"$BUILD/app/bench/auth-bench" | awk '$2 != "token" {
		printf "| %s | %s | %s |\n", $2, $3, $5 }'
} | tee "$RUN/results.md"
