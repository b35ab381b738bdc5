#!/usr/bin/env bash
#
# doc-blocks.sh FILE HEADING PORT ISSUER_PORT: the ```sh blocks of one
# section of a Markdown file (from the line that is exactly HEADING to the
# next heading of the same or a higher level), as one script on stdout,
# with the documented ports (8000, 8001) replaced by the test's. Blocks
# that start or change something (make run, make test, key rollover,
# azd) are left out: the caller already runs the stack they describe.
#
# Used by harness/e2e.d/95-make-run.sh, so every command README and the
# guide show for the local stack is run as printed.
set -euo pipefail

[ $# -eq 4 ] || { echo "usage: $0 FILE HEADING PORT ISSUER_PORT" >&2; exit 2; }
file=$1 heading=$2 port=$3 iport=$4

awk -v heading="$heading" '
function level(s) { match(s, /^#+/); return RLENGTH }
!inside && $0 == heading { inside = 1; depth = level($0); next }
inside && /^#+ / && !fence && level($0) <= depth { exit }
inside && /^```sh$/ { fence = 1; block = ""; next }
inside && fence && /^```$/ {
	fence = 0
	if (block !~ /make run|make test|issuer-keys|azd /)
		printf "%s", block
	next
}
inside && fence { block = block $0 "\n" }
END { if (!inside) exit 1 }
' "$file" | sed -e "s/127\.0\.0\.1:8000/127.0.0.1:$port/g" \
    -e "s/127\.0\.0\.1:8001/127.0.0.1:$iport/g"
