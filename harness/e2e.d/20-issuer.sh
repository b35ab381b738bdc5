#!/usr/bin/env bash
#
# The local Entra ID stand-in, live (docs/issuer.md): its v1 and v2 OpenID
# metadata and key sets, a token for every fixture client checked claim
# by claim and verified with openssl against the published JWKS (the key
# rebuilt from n and e), every error the token endpoint answers, and a
# key rollover on a second instance of its own (add: both keys published,
# the new one signs; retire: the old one is gone), so the shared instance
# at $E2E_ISSUER keeps its keys for the steps that follow.
# Shapes: ../shared/notes/easyauth-and-entra.md sections 1 and 2.
set -euo pipefail
. harness/scripts/lib.sh
. harness/scripts/jwt.sh

fixtures=fixtures/directory.json
T=$(jq -r .tenant.id "$fixtures")
API=$(jq -r .resource.appId "$fixtures")
URI=$(jq -r '.resource.identifierUris[0]' "$fixtures")
ISS1="https://sts.windows.net/$T/"
ISS2="https://login.microsoftonline.com/$T/v2.0"
FORM='Content-Type: application/x-www-form-urlencoded'

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

want() { [ "$2" = "$3" ] || die "$1: want '$3', got '$2'"; }
client() { jq -r --arg n "$1" ".clients[] | select(.name == \$n) | .$2" \
    "$fixtures"; }
enc() { jq -rn --arg v "$1" '$v | @uri'; }

# post URL DATA [curl args...]: status into $status, body into $work/body,
# headers into $work/headers. DATA goes through stdin: secrets stay out of
# the process list.
post() {
	local url="$1" data="$2"
	shift 2
	status=$(printf '%s' "$data" | curl -s -o "$work/body" \
	    -D "$work/headers" -w '%{http_code}' --max-time 10 \
	    --data-binary @- "$@" "$url")
}

get() {
	status=$(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' \
	    --max-time 10 "$@")
}

# header NAME: the first response header NAME (lower case) of the last
# request, in plain bash: process starts are what makes a shell test slow.
header() {
	local line name
	while IFS= read -r line; do
		line=${line%$'\r'}
		case "$line" in
		*:*) ;;
		*) continue ;;
		esac
		name=${line%%:*}
		if [ "${name,,}" = "$1" ]; then
			line=${line#*:}
			printf '%s\n' "${line# }"
			return
		fi
	done <"$work/headers"
}

body() { jq -r "$@" "$work/body"; }

# creds NAME: the client_credentials form for a fixture client (all read
# with one jq: process starts are what makes a shell test slow).
while IFS=$'\t' read -r n form; do
	eval "CREDS_$n=\$form"
done < <(jq -r '.clients[] | [.name, "grant_type=client_credentials" +
    "&client_id=\(.appId)&client_secret=\(.secret | @uri)"] | @tsv' \
    "$fixtures")
creds() { eval "printf '%s' \"\$CREDS_$1\""; }
SCOPE="scope=$(enc "$URI/.default")"

# --- metadata --------------------------------------------------------
get "$E2E_ISSUER/$T/.well-known/openid-configuration"
want "v1 metadata status" "$status" 200
want "v1 issuer" "$(body .issuer)" "$ISS1"
want "v1 jwks_uri" "$(body .jwks_uri)" "$E2E_ISSUER/$T/discovery/keys"
want "v1 token_endpoint" "$(body .token_endpoint)" \
    "$E2E_ISSUER/$T/oauth2/token"
want "v1 content type" "$(header content-type)" \
    "application/json; charset=utf-8"
want "metadata CORS" "$(header access-control-allow-origin)" "*"

get "$E2E_ISSUER/$T/v2.0/.well-known/openid-configuration"
want "v2 metadata status" "$status" 200
want "v2 issuer" "$(body .issuer)" "$ISS2"
want "v2 jwks_uri" "$(body .jwks_uri)" "$E2E_ISSUER/$T/discovery/v2.0/keys"
want "v2 token_endpoint" "$(body .token_endpoint)" \
    "$E2E_ISSUER/$T/oauth2/v2.0/token"
want "v2 signing algs" "$(body -c .id_token_signing_alg_values_supported)" \
    '["RS256"]'
say "metadata: v1 and v2 issuers are Entra's, URLs are the stand-in's"

# --- key sets --------------------------------------------------------
get "$E2E_ISSUER/$T/discovery/keys"
want "v1 keys status" "$status" 200
JWKS1=$(cat "$work/body")
get "$E2E_ISSUER/$T/discovery/v2.0/keys"
want "v2 keys status" "$status" 200
JWKS2=$(cat "$work/body")

check_jwks() {
	local jwks="$1" iss="$2" k kid der n
	want "key count" "$(jq '.keys | length' <<<"$jwks")" 1
	k=$(jq -c '.keys[0]' <<<"$jwks")
	want "kty" "$(jq -r .kty <<<"$k")" RSA
	want "use" "$(jq -r .use <<<"$k")" sig
	want "e" "$(jq -r .e <<<"$k")" AQAB
	kid=$(jq -r .kid <<<"$k")
	want "x5t = kid" "$(jq -r .x5t <<<"$k")" "$kid"
	# x5c is base64 DER; x5t its SHA-1 in base64url (RFC 7517 4.7, 4.8).
	jq -r '.x5c[0]' <<<"$k" | base64 -d >"$work/cert.der"
	want "x5t = SHA-1 of x5c" "$(openssl dgst -sha1 -binary \
	    "$work/cert.der" | base64 | tr '+/' '-_' | tr -d '=')" "$kid"
	# n: base64url, unpadded, no leading zero octet (RFC 7518 6.3.1.1).
	n=$(jq -r .n <<<"$k")
	case "$n" in *[+/=]*) die "n is not unpadded base64url" ;; esac
	want "n octets" "$(jwk_hex "$k" n | wc -c)" 512
	[ "$(jwk_hex "$k" n | cut -c1-2)" != 00 ] ||
	    die "n starts with a zero octet"
	want "n = the certificate's modulus" \
	    "$(jwk_hex "$k" n | tr a-f A-F)" \
	    "$(openssl x509 -inform DER -in "$work/cert.der" -noout \
	    -modulus | cut -d= -f2)"
	want "key issuer" "$(jq -r '.issuer // "absent"' <<<"$k")" "$iss"
}
check_jwks "$JWKS1" absent
check_jwks "$JWKS2" "$ISS2"
want "same key in both sets" "$(jq -r '.keys[0].kid' <<<"$JWKS1")" \
    "$(jq -r '.keys[0].kid' <<<"$JWKS2")"
say "keys: kid = x5t = SHA-1 of x5c, n/e rebuild the certificate's key"

# --- a v2 token for every client --------------------------------------
# problems LABEL JQ-ARGS...: run a jq program (-n) that lists what is
# wrong, one line each; fail with them if it lists anything. One jq per
# check keeps the step fast on a loaded machine.
problems() {
	local label="$1" out
	shift
	out=$(jq -rn "$@") || die "$label: jq failed"
	[ -z "$out" ] || die "$label: $out"
}

# The claims Entra puts in an app-only token for client $n, version $v
# (null: the claim must be absent), from the fixture directory.
WANT_CLAIMS='($d[0]) as $d | ($d.clients[] | select(.name == $n)) as $cl |
    (if $v == "2.0" then
	{aud: $d.resource.appId, azp: $cl.appId, azpacr: "1", appid: null,
	 appidacr: null, idp: null}
    else
	{aud: $aud, appid: $cl.appId, appidacr: "1", idp: $iss, azp: null,
	 azpacr: null}
    end) + {iss: $iss, tid: $d.tenant.id, oid: $cl.objectId,
	sub: $cl.objectId, idtyp: "app", ver: $v, scp: null,
	roles: (if ($cl.appRoles | length) == 0 then null
	    else $cl.appRoles end)}'

# check_token LABEL CLIENT VERSION AUD ISS HEADER-KEYS BEFORE AFTER LIFE
check_token() {
	local tok
	tok=$(body .access_token)
	problems "$1" --argjson h "$(jwt_part "$tok" 0)" \
	    --argjson c "$(jwt_part "$tok" 1)" --slurpfile d "$fixtures" \
	    --arg n "$2" --arg v "$3" --arg aud "$4" --arg iss "$5" \
	    --argjson hk "$6" --argjson before "$7" --argjson after "$8" \
	    --argjson life "$9" "($WANT_CLAIMS)"' as $w |
	    ([$w | to_entries[] | select($c[.key] != .value) |
		"\(.key): want \(.value | tojson), got \($c[.key] | tojson)"] +
	    (if ($h | keys_unsorted) != $hk then
		["header \($h | keys_unsorted)"] else [] end) +
	    (if $h.typ != "JWT" or $h.alg != "RS256" then
		["header \($h)"] else [] end) +
	    (if $hk[2] == "x5t" and $h.x5t != $h.kid then
		["x5t \($h.x5t) is not kid \($h.kid)"] else [] end) +
	    (if $c.nbf != $c.iat then ["nbf \($c.nbf) is not iat"]
		else [] end) +
	    (if $c.iat < $before - 300 or $c.iat > $after - 300 then
		["iat \($c.iat) is not five minutes back"] else [] end) +
	    (if $life > 0 and $c.exp - $c.iat != $life + 300 then
		["exp - iat = \($c.exp - $c.iat), want \($life + 300)"]
		else [] end) +
	    [("uti", "rh", "aio") | select(($c[.] // "") == "") |
		"no \(.)"]) | .[]'
}

for name in $(jq -r '.clients[].name' "$fixtures"); do
	before=$(date +%s)
	post "$E2E_ISSUER/$T/oauth2/v2.0/token" "$(creds "$name")&$SCOPE" \
	    -H "$FORM"
	after=$(date +%s)
	want "$name: status" "$status" 200
	want "$name: cache-control" "$(header cache-control)" \
	    "no-store, no-cache"
	# "Between 60 and 90 minutes" [doc: AT]; numbers on v2.0.
	problems "$name: response" --slurpfile r "$work/body" '$r[0] |
	    [if .token_type != "Bearer" then "token_type \(.token_type)"
		else empty end,
	     if (.expires_in | type) != "number" or .expires_in < 3600 or
		.expires_in > 5400 then "expires_in \(.expires_in)"
		else empty end,
	     if .ext_expires_in != .expires_in then
		"ext_expires_in \(.ext_expires_in)" else empty end] | .[]'
	life=$(body .expires_in)
	tok=$(body .access_token)
	jwt_verify "$tok" "$JWKS2" ||
	    die "$name: the signature does not verify with the v2 JWKS"
	check_token "$name" "$name" 2.0 "" "$ISS2" '["typ","alg","kid"]' \
	    "$before" "$after" "$life"
	eval "TOKEN_$name=\$tok"
done
say "tokens v2: agent, project, norole, outsider verified, claims as Entra's"

# --- v1 tokens --------------------------------------------------------
# Basic client authentication, and the stand-in's token_version=1.
before=$(date +%s)
post "$E2E_ISSUER/$T/oauth2/v2.0/token" \
    "grant_type=client_credentials&$SCOPE&token_version=1" -H "$FORM" \
    -K <(printf 'user = "%s:%s"\n' "$(client agent appId)" \
    "$(client agent secret)")
after=$(date +%s)
want "v1 via Basic: status" "$status" 200
jwt_verify "$(body .access_token)" "$JWKS1" ||
    die "v1: the signature does not verify"
check_token "v1 via Basic" agent 1.0 "$URI" "$ISS1" \
    '["typ","alg","x5t","kid"]' "$before" "$after" "$(body .expires_in)"

before=$(date +%s)
post "$E2E_ISSUER/$T/oauth2/v2.0/token" \
    "$(creds norole)&scope=$API/.default&token_version=1" -H "$FORM"
after=$(date +%s)
want "v1 by client id: status" "$status" 200
check_token "v1 by client id" norole 1.0 "$API" "$ISS1" \
    '["typ","alg","x5t","kid"]' "$before" "$after" 0

# The v1 endpoint: resource instead of scope, numbers as strings, and
# the token version still follows the resource (2 here).
before=$(date +%s)
post "$E2E_ISSUER/$T/oauth2/token" \
    "$(creds project)&resource=$(enc "$URI")" -H "$FORM"
after=$(date +%s)
want "v1 endpoint: status" "$status" 200
problems "v1 endpoint: response" --slurpfile r "$work/body" --arg u "$URI" \
    '$r[0] | [if (.expires_in | type) != "string" then "expires_in type"
	else empty end,
    if .resource != $u then "resource \(.resource)" else empty end,
    if (.expires_on | tonumber) - (.not_before | tonumber) !=
	(.expires_in | tonumber) + 300 then "expires_on - not_before"
	else empty end] | .[]'
check_token "v1 endpoint" project 2.0 "" "$ISS2" '["typ","alg","kid"]' \
    "$before" "$after" "$(body -r .expires_in)"
say "tokens v1: Basic auth, x5t + kid, sts issuer, aud as requested"

# --- errors -----------------------------------------------------------
# expect_error STATUS ERROR CODE TEXT: the last response is Entra's
# error document for AADSTS CODE, its description starting with TEXT.
expect_error() {
	want "$4: status" "$status" "$1"
	problems "$4" --slurpfile r "$work/body" --arg e "$2" --argjson c "$3" \
	    --arg t "$4" --arg rid "$(header x-ms-request-id)" '$r[0] |
	    . as $d |
	    [if .error != $e then "error \(.error)" else empty end,
	     if .error_codes != [$c] then "error_codes \(.error_codes)"
		else empty end,
	     if (.error_description | startswith("AADSTS\($c): \($t)")) | not
		then "description \(.error_description)" else empty end,
	     if (.error_description | endswith("\r\nTrace ID: \($d.trace_id)" +
		"\r\nCorrelation ID: \($d.correlation_id)\r\nTimestamp: " +
		$d.timestamp)) | not
		then "description lacks trace, correlation id, timestamp"
		else empty end,
	     if (.timestamp | test("^[0-9]{4}-[0-9]{2}-[0-9]{2} " +
		"[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")) | not
		then "timestamp \(.timestamp)" else empty end,
	     if .error_uri !=
		"https://login.microsoftonline.com/error?code=\($c)" then
		"error_uri \(.error_uri)" else empty end,
	     if .trace_id != $rid then "trace_id is not x-ms-request-id"
		else empty end] | .[]'
}

TOKEN2="$E2E_ISSUER/$T/oauth2/v2.0/token"
OTHER=f8ca6fed-ed56-4df1-b386-5497caab8b2f
AGENT_ID=$(client agent appId)
CC=grant_type=client_credentials
BODY="The request body must contain the following parameter:"

get "$E2E_ISSUER/$OTHER/v2.0/.well-known/openid-configuration"
expect_error 400 invalid_tenant 90002 "Tenant '$OTHER' not found."
post "$E2E_ISSUER/$OTHER/oauth2/v2.0/token" "$(creds agent)&$SCOPE" \
    -H "$FORM"
expect_error 400 invalid_request 90002 "Tenant '$OTHER' not found."

get "$TOKEN2"
expect_error 405 invalid_request 900561 \
    "The endpoint only accepts POST, OPTIONS requests. Received a GET request."
want "GET token: allow" "$(header allow)" "POST, OPTIONS"

post "$TOKEN2" '{"grant_type":"client_credentials"}' \
    -H 'Content-Type: application/json'
expect_error 400 invalid_request 900144 "$BODY 'grant_type'."
post "$TOKEN2" "$CC&$SCOPE" -H "$FORM"
expect_error 400 invalid_request 900144 "$BODY 'client_id'."
post "$TOKEN2" "$(creds agent)" -H "$FORM"
expect_error 400 invalid_request 900144 "$BODY 'scope'."
post "$TOKEN2" "grant_type=password&client_id=$API&$SCOPE" -H "$FORM"
expect_error 400 unsupported_grant_type 70003 \
    "The app requested an unsupported grant type 'password'."

post "$TOKEN2" "$CC&client_id=$AGENT_ID&client_secret=wrong&$SCOPE" \
    -H "$FORM" -H 'client-request-id: 0f8fad5b-d9cb-469f-a165-70867728950e'
expect_error 401 invalid_client 7000215 "Invalid client secret provided."
want "correlation id echoed" "$(body .correlation_id)" \
    0f8fad5b-d9cb-469f-a165-70867728950e
want "client-request-id echoed" "$(header client-request-id)" \
    0f8fad5b-d9cb-469f-a165-70867728950e
post "$TOKEN2" "$CC&$SCOPE" -H "$FORM" -u "$AGENT_ID:wrong"
expect_error 401 invalid_client 7000215 "Invalid client secret provided."
want "Basic failure is challenged" "$(header www-authenticate)" \
    'Basic realm="token"'
post "$TOKEN2" "$CC&client_id=$AGENT_ID&$SCOPE" -H "$FORM"
expect_error 401 invalid_client 7000216 \
    "'client_assertion', 'client_secret' or 'request' is required"
post "$TOKEN2" "$CC&client_id=$OTHER&client_secret=x&$SCOPE" -H "$FORM"
expect_error 400 unauthorized_client 700016 \
    "Application with identifier '$OTHER' was not found in the directory"

post "$TOKEN2" "$(creds agent)&scope=$(enc \
    https://management.azure.com/.default)" -H "$FORM"
expect_error 400 invalid_resource 500011 \
    "The resource principal named https://management.azure.com was not found"
post "$TOKEN2" "$(creds agent)&scope=$(enc "$URI/user_impersonation")" \
    -H "$FORM"
expect_error 400 invalid_scope 1002012 \
    "The provided value for scope $URI/user_impersonation is not valid."
post "$TOKEN2" "$(creds agent)&scope=$(enc "$URI/.default openid")" -H "$FORM"
expect_error 400 invalid_scope 70011 \
    "The provided request must include a 'scope' input parameter."
post "$TOKEN2" "$(creds agent)&$SCOPE&resource=$(enc "$URI")" -H "$FORM"
expect_error 400 invalid_request 901002 \
    "The 'resource' request parameter is not supported."
post "$TOKEN2" "$(creds agent)&$SCOPE&$SCOPE" -H "$FORM"
expect_error 400 invalid_request 9002313 \
    "Invalid request. Request is malformed or invalid."

head -c 9000 /dev/zero | tr '\0' a >"$work/big"
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "$FORM" \
    --data-binary @"$work/big" "$TOKEN2")
want "9000-byte body" "$status" 413
get "$E2E_ISSUER/$T/nope"
want "unknown path" "$status" 404
say "errors: 17 cases in Entra's shape, with Entra's status and AADSTS codes"

# --- key rollover, on an instance of its own --------------------------
rport=$((TEST_PORT_BASE + 20))
rbase="http://127.0.0.1:$rport"
issuer_up "$RUN" "$rport" issuer-rot
rkeys="$RUN/issuer-rot/keys"
rjwks() { curl -s --max-time 5 "$rbase/$T/discovery/v2.0/keys"; }
rtoken() {
	post "$rbase/$T/oauth2/v2.0/token" "$(creds agent)&$SCOPE" -H "$FORM"
	want "rollover token" "$status" 200
	body .access_token
}
# wait_kids WANT: until the published kids (newest first) are WANT.
wait_kids() {
	local i got
	for i in $(seq 1 50); do
		got=$(rjwks | jq -r '[.keys[].kid] | join(" ")')
		[ "$got" = "$1" ] && return 0
		sleep 0.1
	done
	die "published keys: want '$1', got '$got'"
}

old=$(rjwks | jq -r '.keys[0].kid')
old_tok=$(rtoken)
harness/scripts/issuer-keys.sh --run "$RUN" --name issuer-rot add >/dev/null
new=$(harness/scripts/issuer-keys.sh --run "$RUN" --name issuer-rot list |
    tail -n 1 | awk '{print $3}')
[ "$new" != "$old" ] || die "add did not make a new key"
wait_kids "$new $old"
new_tok=$(rtoken)
want "the new key signs" "$(jwt_part "$new_tok" 0 | jq -r .kid)" "$new"
jwt_verify "$new_tok" "$(rjwks)" || die "new token does not verify"
jwt_verify "$old_tok" "$(rjwks)" ||
    die "a token of the old key must verify while it is published"

# A damaged key file is refused; the published keys stay as they are.
echo garbage >"$rkeys/key-0099.pem"
for i in $(seq 1 50); do
	grep -q 'refused: text outside the PEM' "$RUN/issuer-rot.log" && break
	sleep 0.1
done
grep -q 'refused: text outside the PEM' "$RUN/issuer-rot.log" ||
    die "the damaged key file was not reported"
want "keys after a damaged file" \
    "$(rjwks | jq -r '[.keys[].kid] | join(" ")')" "$new $old"
rm -f "$rkeys/key-0099.pem"

harness/scripts/issuer-keys.sh --run "$RUN" --name issuer-rot retire >/dev/null
wait_kids "$new"
jwt_verify "$old_tok" "$(rjwks)" && die "a retired key's token still verifies"
jwt_verify "$(rtoken)" "$(rjwks)" || die "after retire: no valid token"
proc_stop issuer-rot
say "rollover: add publishes both and the new key signs; retire drops the old"

# --- nothing secret in the logs ---------------------------------------
for log in "$RUN/issuer.log" "$RUN/issuer-rot.log"; do
	for name in $(jq -r '.clients[].name' "$fixtures"); do
		grep -qF "$(client "$name" secret)" "$log" &&
		    die "$log holds the secret of $name"
		eval "t=\$TOKEN_$name"
		grep -qF "${t##*.}" "$log" && die "$log holds a token of $name"
	done
	grep -qE 'eyJ[A-Za-z0-9_-]*\.eyJ' "$log" &&
	    die "$log holds something like a JWT"
done
say "logs: no secret, no token"
