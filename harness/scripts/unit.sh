#!/usr/bin/env bash
# Run every criterion unit test binary given; one summary line each.
# UNIT_WRAP runs each under a tool; criterion runs every test in a child
# it executes, so valgrind needs --trace-children=yes, e.g.
#	UNIT_WRAP='valgrind -q --trace-children=yes --leak-check=full
#	    --errors-for-leak-kinds=definite,indirect --error-exitcode=1'
#	    make unit
set -uo pipefail
fail=0
for t in "$@"; do
	# shellcheck disable=SC2086
	out=$(${UNIT_WRAP:-} "$t" --jobs=1 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | grep 'Synthesis:' | sed 's/.*Synthesis: //')
	printf 'unit %-28s %s\n' "$(basename "$t")" "$line"
	if [ "$rc" -ne 0 ]; then
		printf '%s\n' "$out" | grep -E '^\[(----|FAIL)\]' >&2
		fail=1
	fi
done
exit "$fail"
