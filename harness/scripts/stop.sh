#!/usr/bin/env bash
# Stop whatever make run or make test left running under the run folder.
set -uo pipefail
cd "$(dirname "$0")/../.."
. harness/scripts/lib.sh
base=$RUN
for RUN in "$base"/*/; do
	RUN=${RUN%/}
	[ -d "$RUN" ] && stack_stop_all
done
exit 0
