#!/usr/bin/env bash
#
# mint-raw.sh HEADER PAYLOAD: a compact JWS of exactly these JSON texts
# (duplicate members, odd types, any spelling survive: the scenario
# runner's minted tokens go through a JSON object, which cannot hold
# them), RS256-signed with the local stand-in's key SCENARIO_SIGNING_KEY.
# Placeholders: @KID@ (Entra's kid for the key: base64url SHA-1 of its
# certificate), @NOW@, @EXP@ (now + 3600), @TENANT@, @API@ (the MCP app's
# client id), @AGENT@ and @AGENT_OID@ (the agent client), from
# fixtures/directory.json. Local stacks only (scenarios X*); the token
# goes to stdout and nowhere else.
set -euo pipefail
cd "$(dirname "$0")/../.."

key=${SCENARIO_SIGNING_KEY:?the local stand-in key (e2e sets it)}
dir=fixtures/directory.json
b64url() { basenc --base64url | tr -d '=\n'; }

kid=$(openssl x509 -in "$key" -outform DER | openssl dgst -sha1 -binary |
    b64url)
now=$(date +%s)
fill() {
	sed -e "s/@KID@/$kid/g" -e "s/@NOW@/$now/g" \
	    -e "s/@EXP@/$((now + 3600))/g" \
	    -e "s/@TENANT@/$(jq -r .tenant.id "$dir")/g" \
	    -e "s/@API@/$(jq -r .resource.appId "$dir")/g" \
	    -e "s/@AGENT@/$(jq -r '.clients[] | select(.name == "agent") |
	    .appId' "$dir")/g" \
	    -e "s/@AGENT_OID@/$(jq -r '.clients[] | select(.name == "agent") |
	    .objectId' "$dir")/g"
}

h=$(printf '%s' "$1" | fill | b64url)
p=$(printf '%s' "$2" | fill | b64url)
s=$(printf '%s.%s' "$h" "$p" | openssl dgst -sha256 -sign "$key" -binary |
    b64url)
printf '%s.%s.%s\n' "$h" "$p" "$s"
