# JSON Web Tokens and key sets from the shell, with openssl and jq only:
# decode a token's parts, rebuild a JWK's RSA key from n and e, verify an
# RS256 signature. Sourced by e2e steps; never prints a token.
#
# The key is rebuilt from n and e (not taken from x5c) so that a wrong
# n or e encoding in a JWKS fails the check, as it would fail a client.

# b64url_decode TEXT: the bytes of base64url (unpadded) TEXT, on stdout.
b64url_decode() {
	local s="${1//_//}"
	s=${s//-/+}
	case $((${#s} % 4)) in
	0) ;;
	2) s="$s==" ;;
	3) s="$s=" ;;
	*) return 1 ;;
	esac
	printf '%s' "$s" | base64 -d
}

# jwt_part TOKEN N: part N of a compact JWS, decoded (0 header, 1 claims).
jwt_part() {
	local parts
	IFS=. read -r -a parts <<<"$1"
	b64url_decode "${parts[$2]}"
}

# jwk_hex JWK MEMBER: a base64url member of a JWK as hexadecimal.
jwk_hex() {
	b64url_decode "$(jq -r ".$2" <<<"$1")" | od -An -v -tx1 | tr -d ' \n'
}

# jwk_pem JWK OUT: the JWK's RSA public key (from n and e) as PEM in OUT.
jwk_pem() {
	local jwk="$1" out="$2"
	printf 'asn1=SEQUENCE:k\n[k]\nn=INTEGER:0x%s\ne=INTEGER:0x%s\n' \
	    "$(jwk_hex "$jwk" n)" "$(jwk_hex "$jwk" e)" >"$out.conf"
	openssl asn1parse -genconf "$out.conf" -noout -out "$out.der" \
	    >/dev/null 2>&1 &&
	    openssl rsa -RSAPublicKey_in -inform DER -in "$out.der" -pubout \
	    -out "$out" >/dev/null 2>&1
	local rc=$?
	rm -f "$out.conf" "$out.der"
	return $rc
}

# jwt_verify TOKEN JWKS: success when the header says RS256 and the
# signature verifies with the JWKS key its kid names.
jwt_verify() {
	local tok="$1" jwks="$2" hdr kid jwk tmp rc
	hdr=$(jwt_part "$tok" 0) || return 1
	[ "$(jq -r .alg <<<"$hdr")" = RS256 ] || return 1
	kid=$(jq -r .kid <<<"$hdr")
	jwk=$(jq -c --arg k "$kid" '.keys[] | select(.kid == $k)' <<<"$jwks")
	[ -n "$jwk" ] || return 1
	tmp=$(mktemp -d)
	if jwk_pem "$jwk" "$tmp/key.pem"; then
		printf '%s' "${tok%.*}" >"$tmp/data"
		b64url_decode "${tok##*.}" >"$tmp/sig"
		openssl dgst -sha256 -verify "$tmp/key.pem" \
		    -signature "$tmp/sig" "$tmp/data" >/dev/null 2>&1
		rc=$?
	else
		rc=1
	fi
	rm -rf "$tmp"
	return $rc
}
