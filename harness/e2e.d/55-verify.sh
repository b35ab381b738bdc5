#!/usr/bin/env bash
#
# make verify against local instances, as against a deployment: settings
# from a file (the stand-in as authority), the caller's secret from the
# environment, a wrong-audience token handed in (MCP_WRONG_AUD_TOKEN, as
# from az account get-access-token), nothing minted by the runner.
#
#	the auth-on instance: group A and C1 skipped with the reason,
#	    B1-B11, C2 and C3 pass
#	the auth-off instance: group A and C1 pass, B and C2/C3 skipped
#	the auth-off instance declared VERIFY_AUTH=on: groups B and C fail,
#	    with the diagnosis "auth looks off"
set -euo pipefail
. harness/scripts/lib.sh
. harness/scripts/jwt.sh

: "${E2E_BASE_ON:?the auth-on instance}" "${E2E_ISSUER:?the stand-in}"
dir=fixtures/directory.json
conf="$E2E_RUN/verify.conf"
out="$E2E_RUN/verify.out"
tenant=$(jq -r .tenant.id "$dir")
cat >"$conf" <<CONF
# written by harness/e2e.d/55-verify.sh
tenant = $tenant
client_id = $(jq -r .resource.appId "$dir")
api_uri = $(jq -r '.resource.identifierUris[0]' "$dir")
authority = $E2E_ISSUER
client.agent.id = $(jq -r '.clients[] | select(.name == "agent") | .appId' "$dir")
CONF
SCENARIO_CLIENT_SECRET_AGENT=$(jq -r \
    '.clients[] | select(.name == "agent") | .secret' "$dir")
export SCENARIO_CLIENT_SECRET_AGENT

# b64url TEXT: base64url without padding.
b64url() {
	printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='
}

# A token of this tenant for Azure Resource Manager, signed with the
# stand-in's newest key: what az would hand out for that resource.
for key in "$E2E_RUN"/issuer/keys/key-*.pem; do :; done
kid=$(openssl x509 -in "$key" -outform DER | openssl dgst -sha1 -binary |
    base64 -w0 | tr '+/' '-_' | tr -d '=')
now=$(date +%s)
head=$(b64url "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"$kid\"}")
claims=$(b64url "{\"aud\":\"https://management.azure.com\",\"iss\":\"https://login.microsoftonline.com/$tenant/v2.0\",\"iat\":$now,\"nbf\":$now,\"exp\":$((now + 3600)),\"azp\":\"$(jq -r '.clients[] | select(.name == "agent") | .appId' "$dir")\",\"tid\":\"$tenant\",\"ver\":\"2.0\"}")
sig=$(printf '%s.%s' "$head" "$claims" | openssl dgst -sha256 -sign "$key" |
    base64 -w0 | tr '+/' '-_' | tr -d '=')
MCP_WRONG_AUD_TOKEN="$head.$claims.$sig"
export MCP_WRONG_AUD_TOKEN
[ "$(jwt_part "$MCP_WRONG_AUD_TOKEN" 1 | jq -r .aud)" = \
    https://management.azure.com ] || die "could not make the ARM token"

# expect_line PATTERN: the last make verify output has such a line.
expect_line() {
	grep -Eq -- "$1" "$out" || {
		sed 's/^/    /' "$out"
		die "make verify: no line matching '$1'"
	}
}

say "make verify against the auth-on instance"
make -s --no-print-directory verify BASE_URL="$E2E_BASE_ON" \
    VERIFY_CONFIG="$conf" >"$out" 2>&1 ||
    { sed 's/^/    /' "$out"; die "make verify failed against $E2E_BASE_ON"; }
for id in A1 A2 A3 A4 A5 A6 A7 A8 C1; do
	expect_line "^skip  $id "
done
expect_line "group A needs auth disabled; no target has it \(deployed=$E2E_BASE_ON auth on\); see GUIDE_AUTH_MCP_SERVER.md#a1-root$"
for id in B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 C2 C3; do
	expect_line "^ok    $id "
done
expect_line "^13 passed, 0 failed, 9 skipped$"
if grep -q 'eyJ' "$out"; then
	die "make verify printed something shaped like a token"
fi

say "make verify against the auth-off instance"
make -s --no-print-directory verify BASE_URL="$E2E_BASE_OFF" \
    VERIFY_CONFIG="$conf" >"$out" 2>&1 ||
    { sed 's/^/    /' "$out"; die "make verify failed against $E2E_BASE_OFF"; }
expect_line "^skip  B1 "
expect_line "group B needs auth enabled; no target has it \(deployed=$E2E_BASE_OFF auth off\); if authentication is meant to be on there: auth disabled, or runtime not enforcing"
expect_line "^9 passed, 0 failed, 13 skipped$"

say "make verify VERIFY_AUTH=on against the auth-off instance"
if make -s --no-print-directory verify BASE_URL="$E2E_BASE_OFF" \
    VERIFY_CONFIG="$conf" VERIFY_AUTH=on >"$out" 2>&1; then
	sed 's/^/    /' "$out"
	die "make verify passed although auth was declared on and is off"
fi
expect_line "^FAIL  B1 "
expect_line "diagnosis: auth looks off \(GET / answered 200, the PRM 404\): authentication disabled, or runtime not enforcing"
expect_line "^0 passed, 13 failed, 9 skipped$"
say "make verify: skips and passes as expected"
