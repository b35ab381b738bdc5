#!/usr/bin/env bash
#
# End-to-end tests against live processes on 127.0.0.1: a fresh
# PostgreSQL cluster with the seed data, the local Entra ID stand-in
# (TEST_PORT_BASE + 0, exported as E2E_ISSUER), the app with auth off
# (+1), a second one answering MCP requests as SSE (+2, E2E_BASE_SSE),
# the app with auth on (+3, E2E_BASE_ON) and three variants of its policy
# (+4..+6), and every step in harness/e2e.d/ in name order. Everything
# started is stopped on exit, pass or fail. Ports: TEST_PORT_BASE (default 18000) +
# offsets, so several checkouts can test side by side.
#
#	e2e.sh [STEP...]	only the named steps, their output shown as
#				they run (make scenarios runs one this way)
set -uo pipefail
cd "$(dirname "$0")/../.."
. harness/scripts/lib.sh

base=${TEST_PORT_BASE:-18000}
RUN="$RUN/test"
DB_PORT=$((base + 432))
E2E_ISSUER_PORT=$((base + 0))
E2E_ISSUER="http://127.0.0.1:$E2E_ISSUER_PORT"
E2E_PORT_OFF=$((base + 1))
E2E_BASE_OFF="http://127.0.0.1:$E2E_PORT_OFF"
# A second auth-off instance that answers MCP requests as SSE streams:
# the scenario runner's target "sse" (docs/scenarios.md).
E2E_PORT_SSE=$((base + 2))
E2E_BASE_SSE="http://127.0.0.1:$E2E_PORT_SSE"
# The auth gate (docs/security.md): the fixture configuration against the
# stand-in, and three variants for the policy cases (scenario targets
# auth-identities, auth-tenants, auth-anonymous).
E2E_BASE_ON="http://127.0.0.1:$((base + 3))"
E2E_BASE_IDENTITIES="http://127.0.0.1:$((base + 4))"
E2E_BASE_TENANTS="http://127.0.0.1:$((base + 5))"
E2E_BASE_ANONYMOUS="http://127.0.0.1:$((base + 6))"
E2E_RUN=$RUN
# Named targets for the scenario runner (50-scenarios.sh).
E2E_TARGETS="${E2E_TARGETS:-} sse=$E2E_BASE_SSE,auth=off"
E2E_TARGETS="$E2E_TARGETS auth-identities=$E2E_BASE_IDENTITIES,auth=on"
E2E_TARGETS="$E2E_TARGETS auth-tenants=$E2E_BASE_TENANTS,auth=on"
E2E_TARGETS="$E2E_TARGETS auth-anonymous=$E2E_BASE_ANONYMOUS,auth=on"
export RUN DB_PORT E2E_PORT_OFF E2E_BASE_OFF E2E_PORT_SSE E2E_BASE_SSE \
    E2E_TARGETS E2E_RUN TEST_PORT_BASE=$base
export E2E_ISSUER E2E_BASE_ON E2E_BASE_IDENTITIES E2E_BASE_TENANTS \
    E2E_BASE_ANONYMOUS

stack_stop_all 2>/dev/null
# A fresh database each run: tests write rows.
if [ -f "$RUN/pg.dir" ]; then
	rm -rf "$(cat "$RUN/pg.dir")"
fi
rm -rf "$RUN"
mkdir -p "$RUN"
trap 'stack_stop_all' EXIT
trap 'exit 130' INT TERM

say "e2e: starting PostgreSQL on 127.0.0.1:$DB_PORT"
pg_up "$RUN" "$DB_PORT" fast
db_setup "$DB_PORT" 1

say "e2e: starting the Entra ID stand-in on $E2E_ISSUER"
issuer_up "$RUN" "$E2E_ISSUER_PORT" issuer

say "e2e: starting the app (auth off) on $E2E_BASE_OFF"
app_up app-off "$E2E_PORT_OFF" WORKER_DEATH_POLICY=terminate
say "e2e: starting the app (auth off, MCP answers as SSE) on $E2E_BASE_SSE"
app_up app-sse "$E2E_PORT_SSE" WORKER_DEATH_POLICY=terminate \
    MCP_RESPONSE_MODE=sse

# Writes need MCP.Write on the auth-on instance: project (MCP.Access only)
# sees two tools, agent four (scenario E15).
mapfile -t auth < <(auth_env "$E2E_ISSUER")
say "e2e: starting the app (auth on) on $E2E_BASE_ON"
app_up app-on "$((base + 3))" WORKER_DEATH_POLICY=terminate "${auth[@]}" \
    MCP_TOOL_ROLES=create_review_mcp=MCP.Write,create_restaurant_mcp=MCP.Write
say "e2e: starting three auth-on variants on ports $((base + 4))-$((base + 6))"
oid=$(jq -r '.clients[] | select(.name == "project") | .objectId' \
    fixtures/directory.json)
policy=.identityProviders.azureActiveDirectory.validation
policy=$policy.defaultAuthorizationPolicy.allowedPrincipals
doc=$(jq -c --arg oid "$oid" "$policy = {identities: [\$oid]}" \
    fixtures/authsettings.json) || die "cannot derive the identities document"
inline=("AUTH_SETTINGS_JSON=$doc" "${auth[@]:1}")
app_up app-identities "$((base + 4))" WORKER_DEATH_POLICY=terminate \
    WORKERS=1 "${inline[@]}"
app_up app-tenants "$((base + 5))" WORKER_DEATH_POLICY=terminate WORKERS=1 \
    "${auth[@]}" WEBSITE_AUTH_AAD_ALLOWED_TENANTS="$(jq -r .otherTenant.id \
    fixtures/directory.json)"
doc=$(jq -c '.globalValidation.requireAuthentication = false |
    .globalValidation.unauthenticatedClientAction = "AllowAnonymous"' \
    fixtures/authsettings.json) || die "cannot derive the anonymous document"
inline=("AUTH_SETTINGS_JSON=$doc" "${auth[@]:1}")
app_up app-anonymous "$((base + 6))" WORKER_DEATH_POLICY=terminate \
    WORKERS=1 "${inline[@]}"
for name in on identities tenants anonymous; do
	grep -q 'auth: on' "$RUN/app-$name.log" ||
	    die "app-$name started without auth; see $RUN/app-$name.log"
done

steps=("$@")
live=1
if [ "${#steps[@]}" -eq 0 ]; then
	steps=(harness/e2e.d/*.sh)
	live=0
fi

failed=()
for step in "${steps[@]}"; do
	name=$(basename "$step" .sh)
	start=$(date +%s%N)
	if [ "$live" = 1 ]; then
		bash "$step" 2>&1 | tee "$RUN/$name.out"
		rc=${PIPESTATUS[0]}
	else
		bash "$step" >"$RUN/$name.out" 2>&1
		rc=$?
	fi
	if [ "$rc" -eq 0 ]; then
		result=ok
	else
		result=FAILED
		failed+=("$name")
	fi
	ms=$((($(date +%s%N) - start) / 1000000))
	printf 'e2e %-28s %-6s %3d.%01ds\n' "$name" "$result" \
	    $((ms / 1000)) $((ms % 1000 / 100))
	if [ "$result" = FAILED ] && [ "$live" = 0 ]; then
		sed 's/^/    /' "$RUN/$name.out" | tail -n 40
	fi
done

# A worker killed by the sandbox would have stopped the app or the
# stand-in: say so.
for log in "$RUN"/app-*.log "$RUN"/issuer*.log; do
	[ -e "$log" ] || continue
	if grep -q 'sandbox violation\|worker policy is' "$log"; then
		say "e2e: $log shows a worker death:"
		grep -n 'sandbox violation\|worker policy is' "$log" | head
		failed+=("$(basename "$log")")
	fi
done

if [ "${#failed[@]}" -gt 0 ]; then
	say "e2e: ${#failed[@]} failed: ${failed[*]}"
	exit 1
fi
say "e2e: all steps passed"
