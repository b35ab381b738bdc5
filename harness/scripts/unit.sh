#!/usr/bin/env bash
# Run every criterion unit test binary given; one summary line each.
set -uo pipefail
fail=0
for t in "$@"; do
	out=$("$t" --jobs=1 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | grep 'Synthesis:' | sed 's/.*Synthesis: //')
	printf 'unit %-28s %s\n' "$(basename "$t")" "$line"
	if [ "$rc" -ne 0 ]; then
		printf '%s\n' "$out" | grep -E '^\[(----|FAIL)\]' >&2
		fail=1
	fi
done
exit "$fail"
