#!/usr/bin/env bash
#
# How the gate reads the Authorization header (RFC 6750 section 2): what
# the scenario files cannot express because it needs the token's text in
# an odd place. Against the auth-on instance.
set -euo pipefail
. harness/scripts/lib.sh

app=${E2E_BASE_ON:?}
tok=$(issuer_token "${E2E_ISSUER:?}" agent)

# code ARGS...: the status of a curl to /.auth/me with these arguments.
code() {
	curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" "$app/.auth/me"
}

# challenge ARGS...: the WWW-Authenticate header of that request.
challenge() {
	curl -s -D - -o /dev/null --max-time 10 "$@" "$app/.auth/me" |
	    tr -d '\r' | sed -n 's/^www-authenticate: //Ip'
}

for scheme in Bearer bearer BEARER bEaReR; do
	got=$(code -H "Authorization: $scheme $tok")
	[ "$got" = 200 ] || die "scheme '$scheme': want 200, got $got"
done
got=$(code -H "Authorization: Bearer    $tok   ")
[ "$got" = 200 ] || die "extra spaces around the token: want 200, got $got"
say "the scheme is case-insensitive"

got=$(code -H "Authorization: Bearer $tok" -H "Authorization: Bearer $tok")
[ "$got" = 400 ] || die "two Authorization headers: want 400, got $got"
challenge -H "Authorization: Bearer $tok" -H "Authorization: Bearer x" |
    grep -q 'error="invalid_request"' ||
    die "two Authorization headers: no invalid_request challenge"
say "two Authorization headers: 400 invalid_request"

# The token anywhere but the header is not a token (MCP rule 30).
got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
    "$app/.auth/me?access_token=$tok")
[ "$got" = 401 ] || die "token in the query string: want 401, got $got"
c=$(curl -s -D - -o /dev/null --max-time 10 "$app/.auth/me?access_token=$tok" |
    tr -d '\r' | sed -n 's/^www-authenticate: //Ip')
grep -q 'error=' <<<"$c" &&
    die "token in the query string was looked at: $c"
got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
    --data-urlencode "access_token=$tok" "$app/.auth/me")
[ "$got" = 401 ] || die "token in a form body: want 401, got $got"
say "query-string and form tokens are ignored"

got=$(code -H "Authorization: Basic YWdlbnQ6c2VjcmV0")
[ "$got" = 401 ] || die "Basic credentials: want 401, got $got"
challenge -H "Authorization: Basic YWdlbnQ6c2VjcmV0" | grep -q 'error=' &&
    die "Basic credentials were treated as a bearer token"
got=$(code -H "Authorization: Bearer a b")
[ "$got" = 401 ] || die "a token with a space: want 401, got $got"
say "other schemes are no token; a token with a space is invalid"

# Bad signatures under a kid the gate knows (the scenario runner's fake
# token has a kid of its own): one token's header and claims with another
# token's signature, and claims changed under a valid signature.
other=$(issuer_token "$E2E_ISSUER" project)
swapped="${tok%.*}.${other##*.}"
IFS=. read -r h p s <<<"$tok"
case "${p: -1}" in A) c=B ;; *) c=A ;; esac
tampered="$h.${p%?}$c.$s"
for t in "$swapped" "$tampered"; do
	challenge -H "Authorization: Bearer $t" |
	    grep -q 'error_description="bad signature"' ||
	    die "a token with a wrong signature was not refused as such"
done
say "a known kid with a wrong signature: 401 bad signature"
