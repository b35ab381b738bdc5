#!/usr/bin/env bash
#
# With PostgreSQL stopped, the site answers its friendly 503 page (with
# Retry-After) instead of a crash or Kore's bare error, for reads and for
# writes; once the database is back, the same app processes serve pages
# again. Runs before 90-database-down.sh and leaves PostgreSQL running.
set -euo pipefail
. harness/scripts/lib.sh

base=$E2E_BASE_OFF
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# check METHOD PATH WANT_STATUS [curl args...]: status and the 503 page.
check() {
	local method="$1" path="$2" want="$3" got
	shift 3
	got=$(curl -s -o "$out" -D "$out.h" -w '%{http_code}' --max-time 10 \
	    -X "$method" "$@" "$base$path")
	[ "$got" = "$want" ] ||
	    die "$method $path with the database down: want $want, got $got"
	if [ "$want" = 503 ]; then
		grep -q '<h1>The database is unavailable</h1>' "$out" ||
		    die "$method $path: not the 503 page: $(head -c 300 "$out")"
		grep -qi '^retry-after: 10' "$out.h" ||
		    die "$method $path: no Retry-After"
		grep -qi '^content-security-policy:' "$out.h" ||
		    die "$method $path: no CSP on the 503 page"
	fi
	rm -f "$out.h"
}

dir=$(cat "$RUN/pg.dir")
as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
check GET / 503
check GET /details/1 503
check POST /add 503 --data 'restaurant_name=Down&street_address=1&description=x'
check POST /review/1 503 --data 'user_name=Down&rating=3&review_text=x'
# Pages that need no database still work.
check GET /create 200
check GET /static/site.css 200

pg_up "$RUN" "$DB_PORT" fast
check GET / 200
check GET /details/1 200
say "site: 503 page for reads and writes while PostgreSQL is down, 200 after"
