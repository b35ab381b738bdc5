#!/usr/bin/env bash
#
# Every scenario file (docs/scenarios.md) against the local stack, run by
# the C scenario runner, but group D (52-diagnosis.sh runs it on its own
# instances); JUnit results in $E2E_RUN/scenarios.xml. Cases
# whose preconditions no running instance meets are skipped with the
# reason, never failed. Extra runner flags: SCENARIO_ARGS, e.g.
#	make scenarios ARGS='--only S0 --verbose'
# SCENARIO_WRAP runs the runner under a tool, e.g.
#	SCENARIO_WRAP='valgrind -q --leak-check=full --error-exitcode=1' \
#	    make scenarios
#
# Targets: the app with auth off (off), the local Entra ID stand-in
# (issuer, its token endpoint is the authority for `token valid` and
# `token client NAME`), an auth-on app once e2e.sh exports E2E_BASE_ON,
# and any instance e2e.sh lists in E2E_TARGETS (space-separated
# NAME=URL[,auth=on|off], for `needs target NAME`). The stand-in's newest
# signing key makes `needs local` hold (minted tokens; the kid comes from
# the certificate in the key file).
set -euo pipefail
. harness/scripts/lib.sh

runner="$BUILD/harness/scenario-runner"
[ -x "$runner" ] || die "scenario runner not built: make build"

targets=(--target "off=$E2E_BASE_OFF,auth=off")
if [ -n "${E2E_BASE_ON:-}" ]; then
	targets+=(--target "on=$E2E_BASE_ON,auth=on")
fi
for t in ${E2E_TARGETS:-}; do
	targets+=(--target "$t")
done
if [ -n "${E2E_ISSUER:-}" ]; then
	targets+=(--target "issuer=$E2E_ISSUER")
	export SCENARIO_AUTHORITY="$E2E_ISSUER"
	# key-NNNN.pem sort in age order: the last is the newest.
	for key in "$E2E_RUN"/issuer/keys/key-*.pem; do
		[ -e "$key" ] && export SCENARIO_SIGNING_KEY="$key"
	done
fi

# Group D needs its misconfigured instances: 52-diagnosis.sh runs it.
# shellcheck disable=SC2086
exec ${SCENARIO_WRAP:-} "$runner" --dir scenarios --directory fixtures/directory.json \
    "${targets[@]}" --skip-group D --junit "$E2E_RUN/scenarios.xml" \
    ${SCENARIO_ARGS:-}
