#!/usr/bin/env bash
#
# No token in any log of the run (issue 4, MCP rule 30): every access
# token is a JWT, and every JWT starts with "eyJ" (base64url of '{"').
# Runs last, after every other step has sent its tokens.
set -euo pipefail
. harness/scripts/lib.sh

logs=()
for f in "$RUN"/*.log "$RUN"/*/*.log "$RUN"/*.out; do
	[ -f "$f" ] && logs+=("$f")
done
if [ -f "$RUN/pg.dir" ] && [ -f "$(cat "$RUN/pg.dir")/postgres.log" ]; then
	logs+=("$(cat "$RUN/pg.dir")/postgres.log")
fi
[ "${#logs[@]}" -gt 0 ] || die "no logs found under $RUN"

bad=0
for f in "${logs[@]}"; do
	n=$(grep -c 'eyJ' "$f" || true)
	if [ "$n" -gt 0 ]; then
		say "$f: $n lines with a JWT (not shown)"
		bad=1
	fi
done
[ "$bad" = 0 ] || die "tokens were written to logs"
say "no token in ${#logs[@]} logs"
