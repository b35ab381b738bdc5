#!/usr/bin/env bash
#
# make token [CLIENT=agent|project|norole|outsider] [TOKEN_VERSION=1|2]:
# an access token for the MCP server from the local Entra ID stand-in,
# by client credentials, exactly as a Foundry agent gets one from Entra.
# The token goes to stdout and nowhere else, so $(make -s token) works;
# messages go to stderr.
#
# Uses the stand-in of a running make run (AUTH=on); otherwise starts one
# on ISSUER_PORT (default PORT + 1) for this call, with the same keys, and
# stops it again.
set -euo pipefail
cd "$(dirname "$0")/../.."
. harness/scripts/lib.sh

client=${1:-agent}
[ -n "$client" ] || client=agent
version=${TOKEN_VERSION:-}
RUN="$RUN/dev"
PORT=${PORT:-8000}
ISSUER_PORT=${ISSUER_PORT:-$((PORT + 1))}
export RUN

fixtures=fixtures/directory.json
entry=$(jq -c --arg n "$client" '.clients[] | select(.name == $n)' "$fixtures")
[ -n "$entry" ] || die "no client '$client' in $fixtures: one of $(jq -r \
    '[.clients[].name] | join(", ")' "$fixtures")"
case "$version" in
""|1|2) ;;
*) die "TOKEN_VERSION must be 1 or 2" ;;
esac

url="${ISSUER_URL:-}"
if [ -n "$url" ]; then
	:	# a given stand-in (the e2e steps' own instances)
elif [ -f "$RUN/issuer.url" ] && [ -f "$RUN/pids/issuer.pid" ] &&
    kill -0 "$(cat "$RUN/pids/issuer.pid")" 2>/dev/null; then
	url=$(cat "$RUN/issuer.url")
else
	trap 'proc_stop issuer-token; rm -f "$RUN/issuer-token.url"' EXIT
	issuer_up "$RUN" "$ISSUER_PORT" issuer-token \
	    ISSUER_KEYS="$RUN/issuer/keys" >&2
	url=$(cat "$RUN/issuer-token.url")
fi

tenant=$(issuer_tenant)
scope="$(jq -r '.resource.identifierUris[0]' "$fixtures")/.default"
# The form goes through stdin: the secret stays out of the process list.
out=$(jq -rj --arg s "$scope" --arg v "$version" \
    '"grant_type=client_credentials" + "&client_id=" + (.appId | @uri) +
    "&client_secret=" + (.secret | @uri) +
    "&scope=" + ($s | @uri) + (if $v != "" then "&token_version=" + $v
    else "" end)' <<<"$entry" |
    curl -sS --max-time 10 -w '\n%{http_code}' \
    -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @- \
    "$url/$tenant/oauth2/v2.0/token") ||
    die "the stand-in at $url did not answer"

status=${out##*$'\n'}
doc=${out%$'\n'*}
if [ "$status" != 200 ]; then
	die "token request refused ($status): $(jq -r '.error_description' \
	    <<<"$doc" | head -n 1)"
fi
jq -r .access_token <<<"$doc"
