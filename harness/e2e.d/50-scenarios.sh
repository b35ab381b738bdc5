#!/usr/bin/env bash
#
# Every scenario file (docs/scenarios.md) against the local stack, run by
# the C scenario runner; JUnit results in $E2E_RUN/scenarios.xml. Cases
# whose preconditions no running instance meets are skipped with the
# reason, never failed. Extra runner flags: SCENARIO_ARGS, e.g.
#	make scenarios ARGS='--only S0 --verbose'
set -euo pipefail
. harness/scripts/lib.sh

runner="$BUILD/harness/scenario-runner"
[ -x "$runner" ] || die "scenario runner not built: make build"

targets=(--target "off=$E2E_BASE_OFF,auth=off")
# An auth-on instance, once e2e.sh starts one.
if [ -n "${E2E_BASE_ON:-}" ]; then
	targets+=(--target "on=$E2E_BASE_ON,auth=on")
fi

# shellcheck disable=SC2086
exec "$runner" --dir scenarios --directory fixtures/directory.json \
    "${targets[@]}" --junit "$E2E_RUN/scenarios.xml" ${SCENARIO_ARGS:-}
