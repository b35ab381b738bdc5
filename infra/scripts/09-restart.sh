#!/usr/bin/env bash
#
# Step 9: restart the web app so EasyAuth and the app pick up the new
# authentication settings and app settings, then wait until /healthz
# answers (it is excluded from authentication).
#
# Usage: 09-restart.sh --resource-group RG --webapp NAME [--dry-run]

# shellcheck source=infra/scripts/lib.sh
. "$(dirname "$0")/lib.sh"

USES="webapp"
scripts_parse "$@"
[ "$DRY_RUN" -eq 1 ] || need_tools curl

run az webapp restart --resource-group "$RG" --name "$APP"
query HOST '<app>.azurewebsites.net' az webapp show --resource-group "$RG" \
    --name "$APP" --query defaultHostName --output tsv
say "waiting for https://$HOST/healthz"
if [ "$DRY_RUN" -eq 0 ]; then
	for _ in $(seq 1 60); do
		if curl -fsS -o /dev/null --max-time 5 "https://$HOST/healthz"; then
			say "up: https://$HOST"
			exit 0
		fi
		sleep 5
	done
	die "https://$HOST/healthz did not answer 200 within 5 minutes"
fi
