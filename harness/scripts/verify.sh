#!/usr/bin/env bash
#
# make verify BASE_URL=https://<app>.azurewebsites.net: the guide's 22
# cases (groups A, B and C) against one running instance, a deployment
# as a rule. The runner probes its auth state first (GET / and the
# protected resource metadata) and skips the group that does not apply,
# saying why: against a protected deployment group A and case C1.
#
# Settings (docs/scenarios.md "Settings"): VERIFY_CONFIG=FILE (default
# ./verify.conf when it exists; see harness/verify.conf.example) and the
# SCENARIO_* environment. Tokens: client credentials for the caller
# client.agent.id with its secret in SCENARIO_CLIENT_SECRET_AGENT, or
# MCP_TOKEN (and MCP_WRONG_AUD_TOKEN for case B5) from
# az account get-access-token. VERIFY_AUTH=on|off declares the state the
# deployment must be in: a deployment that probes otherwise fails every
# case, with the diagnosis. ARGS: more runner flags.
#
# Nothing is minted and no shell step runs against a deployment: the
# local signing key is never used here.
set -euo pipefail
cd "$(dirname "$0")/../.."
. harness/scripts/lib.sh

base=${BASE_URL:-}
[ -n "$base" ] ||
    die "BASE_URL is not set: make verify BASE_URL=https://<app>.azurewebsites.net"
case "$base" in
http://*|https://*) ;;
*) die "BASE_URL must start with https:// (or http:// for a local instance)" ;;
esac
runner="$BUILD/harness/scenario-runner"
[ -x "$runner" ] || die "scenario runner not built: make build"

args=(--dir scenarios --group "A,B,C")
conf=${VERIFY_CONFIG:-}
if [ -z "$conf" ] && [ -f verify.conf ]; then
	conf=verify.conf
fi
if [ -n "$conf" ]; then
	[ -r "$conf" ] || die "VERIFY_CONFIG: cannot read $conf"
	args+=(--config "$conf")
fi
declared=
case "${VERIFY_AUTH:-}" in
"") ;;
on|off) declared=",auth=$VERIFY_AUTH" ;;
*) die "VERIFY_AUTH must be on or off" ;;
esac
unset SCENARIO_SIGNING_KEY SCENARIO_SIGNING_KID

say "verify: the guide's cases against ${base%/}${conf:+ (settings: $conf)}"
# shellcheck disable=SC2086
exec "$runner" "${args[@]}" --target "deployed=${base%/}$declared" ${ARGS:-}
