#!/usr/bin/env bash
#
# mcp-oversize.sh URL BYTES: POST a JSON-RPC ping padded with white space
# (still valid JSON) to exactly BYTES bytes and print "STATUS BODY" on one
# line. Scenario M7 uses it at the body limits, which are too long to
# write into a scenario file.
set -euo pipefail
url=$1 bytes=$2
msg='{"jsonrpc":"2.0","id":1,"method":"ping"}'
pad=$((bytes - ${#msg}))
[ "$pad" -ge 0 ] || { echo "BYTES must be at least ${#msg}" >&2; exit 2; }
out=$( { printf '%s' "$msg"; head -c "$pad" /dev/zero | tr '\0' ' '; } |
    curl -s --max-time 20 -w '\n%{http_code}' -X POST "$url" \
	-H 'Accept: application/json, text/event-stream' \
	-H 'Content-Type: application/json' --data-binary @-) || true
printf '%s %s\n' "${out##*$'\n'}" "${out%$'\n'*}"
