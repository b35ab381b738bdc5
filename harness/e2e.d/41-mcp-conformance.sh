#!/usr/bin/env bash
#
# The MCP project's own conformance suite (@modelcontextprotocol/
# conformance, pinned in harness/conformance with the Node.js 22 it
# needs), every active server scenario, against the JSON and the SSE
# instance. harness/conformance/baseline.yml lists the scenarios that
# need features this server does not have, each with the reason; any
# other failure, or a listed scenario that passes, fails the step.
set -euo pipefail
. harness/scripts/lib.sh

dir=harness/conformance
node22=$dir/node_modules/.bin/node
suite=$dir/node_modules/@modelcontextprotocol/conformance/dist/index.js
[ -x "$node22" ] && [ -f "$suite" ] ||
    die "$dir/node_modules is missing: run make test (npm ci)"

for target in "json $E2E_BASE_OFF" "sse $E2E_BASE_SSE"; do
	set -- $target
	out="$E2E_RUN/conformance/$1"
	mkdir -p "$out"
	if ! "$node22" "$suite" server --url "$2/mcp/mcp" \
	    --expected-failures "$dir/baseline.yml" -o "$out" \
	    >"$out/log.txt" 2>&1; then
		sed 's/\x1b\[[0-9;]*m//g' "$out/log.txt" | tail -n 40 >&2
		die "conformance suite against the $1 instance: see $out/log.txt"
	fi
	pass=$(sed -n 's/^Total: \([0-9]*\) passed.*/\1/p' "$out/log.txt")
	fail=$(sed -n 's/^Total: .* \([0-9]*\) failed.*/\1/p' "$out/log.txt")
	say "conformance ($1): ${pass:-?} scenarios pass, ${fail:-?} fail as baseline.yml expects"
done
