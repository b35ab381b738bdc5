#!/usr/bin/env bash
#
# Group D (docs/scenarios.md "Diagnosis"): the runner's diagnosis of each
# misconfiguration, proved against instances that have it. Started here,
# for this group only, with one worker each, and stopped at the end:
#
#	d-noallow	auth on; the allow-lists name only the project client
#	d-noprm		auth on; WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES unset
#	d-authoff	the fixture document with platform.enabled false
#	d-aud		auth on; allowedAudiences without the identifier URI
#	d-hang		build/harness/hold-get: holds GET /mcp/mcp open
#
# plus the auth-on instance (target on) and the stand-in, and a wrong
# secret for the outsider client (D9). Ports TEST_PORT_BASE + 20 to + 24.
# SCENARIO_ARGS and SCENARIO_WRAP as for 50-scenarios.sh.
set -euo pipefail
. harness/scripts/lib.sh

runner="$BUILD/harness/scenario-runner"
hold="$BUILD/harness/hold-get"
if [ ! -x "$runner" ] || [ ! -x "$hold" ]; then
	die "the harness is not built: make build"
fi
: "${E2E_BASE_ON:?the auth-on instance}" "${E2E_ISSUER:?the stand-in}"
base=$((TEST_PORT_BASE + 20))
names=(d-noallow d-noprm d-authoff d-aud d-hang)
trap 'for n in "${names[@]}"; do proc_stop "$n"; done' EXIT

# derive JQ: the fixture document with one change, on one line.
derive() {
	jq -c "$1" fixtures/authsettings.json || die "cannot derive: $1"
}
project=$(jq -r '.clients[] | select(.name == "project") | .appId' \
    fixtures/directory.json)
validation=.identityProviders.azureActiveDirectory.validation
# auth_env's lines: the document (first), the authority, the PRM scopes.
mapfile -t auth < <(auth_env "$E2E_ISSUER")
authority=("${auth[1]}")
prm=("${auth[2]}")

app_up d-noallow "$base" WORKER_DEATH_POLICY=terminate WORKERS=1 \
    "AUTH_SETTINGS_JSON=$(derive "$validation.jwtClaimChecks.allowedClientApplications = [\"$project\"] |
    $validation.defaultAuthorizationPolicy.allowedApplications = [\"$project\"]")" \
    "${authority[@]}" "${prm[@]}"
app_up d-noprm "$((base + 1))" WORKER_DEATH_POLICY=terminate WORKERS=1 \
    "${auth[0]}" "${authority[@]}"
app_up d-authoff "$((base + 2))" WORKER_DEATH_POLICY=terminate WORKERS=1 \
    "AUTH_SETTINGS_JSON=$(derive '.platform.enabled = false')" \
    "${authority[@]}" "${prm[@]}"
app_up d-aud "$((base + 3))" WORKER_DEATH_POLICY=terminate WORKERS=1 \
    "AUTH_SETTINGS_JSON=$(derive "$validation.allowedAudiences = [.identityProviders.azureActiveDirectory.registration.clientId]")" \
    "${authority[@]}" "${prm[@]}"
for n in d-noallow d-noprm d-aud; do
	grep -q 'auth: on' "$RUN/$n.log" || die "$n started without auth; see $RUN/$n.log"
done
proc_start d-hang "$RUN/d-hang.log" "$hold" "$((base + 4))"
wait_http "http://127.0.0.1:$((base + 4))/" 10 "$RUN/pids/d-hang.pid" ||
    die "hold-get did not start; see $RUN/d-hang.log"

targets=(--target "on=$E2E_BASE_ON,auth=on" --target "issuer=$E2E_ISSUER")
targets+=(--target "d-noallow=http://127.0.0.1:$base,auth=on")
targets+=(--target "d-noprm=http://127.0.0.1:$((base + 1)),auth=on")
targets+=(--target "d-authoff=http://127.0.0.1:$((base + 2)),auth=off")
targets+=(--target "d-aud=http://127.0.0.1:$((base + 3)),auth=on")
targets+=(--target "d-hang=http://127.0.0.1:$((base + 4)),auth=off")
export SCENARIO_AUTHORITY="$E2E_ISSUER"
for key in "$E2E_RUN"/issuer/keys/key-*.pem; do
	[ -e "$key" ] && export SCENARIO_SIGNING_KEY="$key"
done
# D9: the token endpoint must refuse this client's secret.
export SCENARIO_CLIENT_SECRET_OUTSIDER=not-the-outsider-secret

# Group D last: a --group in SCENARIO_ARGS is meant for 50-scenarios.sh
# (the last --group wins); --only and --tag narrow this run too.
# shellcheck disable=SC2086
${SCENARIO_WRAP:-} "$runner" --dir scenarios \
    --directory fixtures/directory.json "${targets[@]}" \
    --junit "$E2E_RUN/diagnosis.xml" ${SCENARIO_ARGS:-} --group D
