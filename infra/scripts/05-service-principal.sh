#!/usr/bin/env bash
#
# Step 5: the service principal of the registration in your tenant. Often
# forgotten: without it there is nothing to assign app roles on, and Entra
# issues no token for the API (Foundry then reports "Initialization timed
# out").
#
# Usage: 05-service-principal.sh --client-id ID [--dry-run]

# shellcheck source=infra/scripts/lib.sh
. "$(dirname "$0")/lib.sh"

USES="client-id"
scripts_parse "$@"

query SP_ID '' az ad sp list --filter "appId eq '$CLIENT_ID'" \
    --query '[0].id' --output tsv
if [ -z "$SP_ID" ]; then
	say "no service principal for $CLIENT_ID yet: creating it"
	query SP_ID '<service-principal-id>' az ad sp create --id "$CLIENT_ID" \
	    --query id --output tsv
fi
say "service principal: $SP_ID"
