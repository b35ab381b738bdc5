#!/usr/bin/env bash
#
# The auth gate's signing keys, on instances of their own (a private
# stand-in and two apps), because rotating keys and stopping the key
# endpoint would disturb every other test:
#
#  1. rollover: the stand-in adds a key and signs with it; the gate meets
#     the new kid, refreshes once (docs/security.md, Signing keys) and
#     accepts the token without a 401;
#  2. the key endpoint down: tokens of the keys loaded before keep working
#     (last good keys);
#  3. no key at all at start: 503 with Retry-After, not 401; once the
#     stand-in answers, the gate loads the keys and the same token passes.
set -euo pipefail
. harness/scripts/lib.sh

base=${TEST_PORT_BASE:?}
iport=$((base + 23))
iss="http://127.0.0.1:$iport"
app="http://127.0.0.1:$((base + 24))"
cold="http://127.0.0.1:$((base + 25))"

cleanup() {
	proc_stop app-keys
	proc_stop app-cold
	proc_stop issuer-keys
}
trap cleanup EXIT

# me URL TOKEN: the status of GET /.auth/me with the token.
me() {
	curl -s -o /dev/null -w '%{http_code}' --max-time 30 \
	    -H "Authorization: Bearer $2" "$1/.auth/me"
}

# kid TOKEN: the kid of the token's header (no secret in it).
kid() {
	local h
	h=$(cut -d. -f1 <<<"$1" | tr '_-' '/+')
	while [ $((${#h} % 4)) -ne 0 ]; do
		h="$h="
	done
	base64 -d <<<"$h" | jq -r .kid
}

issuer_up "$RUN" "$iport" issuer-keys WORKER_DEATH_POLICY=terminate
mapfile -t env < <(auth_env "$iss")
app_up app-keys "$((base + 24))" WORKER_DEATH_POLICY=terminate "${env[@]}"

t1=$(issuer_token "$iss" agent)
got=$(me "$app" "$t1")
[ "$got" = 200 ] || die "a token of the first key: want 200, got $got"

# 1. Rollover.
harness/scripts/issuer-keys.sh --run "$RUN" --name issuer-keys add >/dev/null
sleep 1.5
t2=$(issuer_token "$iss" agent)
[ "$(kid "$t1")" != "$(kid "$t2")" ] ||
    die "the stand-in still signs with the old key after add"
got=$(me "$app" "$t2")
[ "$got" = 200 ] || die "a token of the new key: want 200, got $got"
grep -q 'signing keys* loaded (unknown kid' "$RUN/app-keys.log" ||
    die "the app log does not show the refresh on the unknown kid"
n=$(grep -c 'signing keys updated' "$RUN/app-keys.log" || true)
[ "$n" -ge 2 ] || die "the new keys reached $n workers, want every one (2)"
say "rollover: new kid accepted after one refresh, pushed to every worker"

# 2. The key endpoint down: a token never seen before, of a loaded key.
t3=$(issuer_token "$iss" agent 1)
proc_stop issuer-keys
got=$(me "$app" "$t3")
[ "$got" = 200 ] || die "stand-in down, a known key: want 200, got $got"
got=$(me "$app" "$t1")
[ "$got" = 200 ] || die "stand-in down, the first key: want 200, got $got"
say "key endpoint down: the last good keys still verify"

# 3. No key at start: 503, then keys once the stand-in is back.
app_up app-cold "$((base + 25))" WORKER_DEATH_POLICY=terminate "${env[@]}"
grep -q 'no signing keys yet' "$RUN/app-cold.log" ||
    die "the app did not say it started without keys"
hdrs=$(curl -s -D - -o /dev/null --max-time 30 \
    -H "Authorization: Bearer $t2" "$cold/.auth/me")
grep -q '^HTTP/1.1 503' <<<"$hdrs" ||
    die "no keys at all: want 503, got $(head -n 1 <<<"$hdrs")"
grep -qi '^retry-after: 10' <<<"$hdrs" || die "the 503 has no Retry-After"
issuer_up "$RUN" "$iport" issuer-keys WORKER_DEATH_POLICY=terminate
got=000
for i in $(seq 1 30); do
	got=$(me "$cold" "$t2")
	[ "$got" = 200 ] && break
	sleep 1
done
[ "$got" = 200 ] || die "keys never loaded after the stand-in came back ($got)"
say "no keys at start: 503 with Retry-After, 200 once the stand-in answers"

for log in "$RUN/app-keys.log" "$RUN/app-cold.log"; do
	if grep -q 'sandbox violation\|worker policy is' "$log"; then
		die "$log shows a worker death"
	fi
done
