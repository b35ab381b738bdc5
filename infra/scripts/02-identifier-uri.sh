#!/usr/bin/env bash
#
# Step 2: the Application ID URI, the prefix of the scope clients ask for
# (<uri>/.default) and the Audience Foundry is configured with. Default
# api://<client id>, one of Entra's default forms, allowed even where the
# tenant restricts identifier URIs. Existing URIs are kept.
#
# Usage: 02-identifier-uri.sh --client-id ID [--identifier-uri URI] [--dry-run]

# shellcheck source=infra/scripts/lib.sh
. "$(dirname "$0")/lib.sh"

USES="client-id identifier-uri"
scripts_parse "$@"
URI=${URI:-api://$CLIENT_ID}

query CURRENT '' az ad app show --id "$CLIENT_ID" \
    --query 'identifierUris[]' --output tsv
if grep -qxF -- "$URI" <<<"$CURRENT"; then
	say "identifier URI $URI is already set"
else
	# shellcheck disable=SC2086 # one URI per line, none has blanks
	run az ad app update --id "$CLIENT_ID" --identifier-uris $CURRENT "$URI"
fi

say "identifier URI: $URI"
