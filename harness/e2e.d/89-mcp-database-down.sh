#!/usr/bin/env bash
#
# MCP tools with PostgreSQL stopped (rule 25 of the MCP server rules: a
# database failure is an isError result, never a crash or a hung request):
# every tool answers quickly with isError, tools/list still works (it
# needs no database), and the tools work again once PostgreSQL is back.
# Runs before 90-database-down, which also stops PostgreSQL.
set -euo pipefail
. harness/scripts/lib.sh

url="$E2E_BASE_OFF/mcp/mcp"

# call BODY: print "STATUS BODY"; fail when no answer within 10 s.
call() {
	local out
	out=$(curl -s --max-time 10 -w '\n%{http_code}' -X POST "$url" \
	    -H 'Accept: application/json, text/event-stream' \
	    -H 'Content-Type: application/json' --data-binary "$1") ||
	    die "no answer within 10 s to $1"
	printf '%s %s\n' "${out##*$'\n'}" "${out%$'\n'*}"
}

# expect NAME BODY PATTERN: the answer must match the extended regex.
expect() {
	local got
	got=$(call "$2")
	printf '%s\n' "$got" | grep -Eq "$3" ||
	    die "$1: want /$3/, got: $got"
}

tool() {
	printf '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"%s","arguments":%s}}' "$1" "$2"
}

expect "list with the database up" "$(tool list_restaurants_mcp '{}')" \
    '^200 .*"isError":false'

dir=$(cat "$RUN/pg.dir")
as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
trap 'pg_up "$RUN" "$DB_PORT" fast' EXIT

unavailable='^200 \{"jsonrpc":"2.0","id":1,"result":\{"content":\[\{"type":"text","text":"The database is unavailable right now; try again in a moment."\}\],"isError":true\}\}$'
expect "list_restaurants_mcp, database down" \
    "$(tool list_restaurants_mcp '{}')" "$unavailable"
expect "get_details_mcp, database down" \
    "$(tool get_details_mcp '{"restaurant_id":1}')" "$unavailable"
expect "create_review_mcp, database down" \
    "$(tool create_review_mcp '{"restaurant_id":1,"user_name":"a","rating":3,"review_text":"t"}')" \
    "$unavailable"
expect "create_restaurant_mcp, database down" \
    "$(tool create_restaurant_mcp '{"restaurant_name":"n","street_address":"s","description":"d"}')" \
    "$unavailable"
expect "tools/list needs no database" \
    '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' '^200 .*"tools":\['
expect "invalid arguments are judged without the database" \
    "$(tool create_review_mcp '{"restaurant_id":1,"user_name":"a","rating":9,"review_text":"t"}')" \
    '^200 .*rating must be an integer from 1 to 5.*"isError":true'

pg_up "$RUN" "$DB_PORT" fast
trap - EXIT
expect "list once the database is back" "$(tool list_restaurants_mcp '{}')" \
    '^200 .*"isError":false'

grep -q 'mcp tool=list_restaurants_mcp client=anonymous oid=- outcome=db-unavailable' \
    "$RUN/app-off.log" || die "no audit line for the failed call"
say "mcp: tools give isError with the database down, and work again after"
