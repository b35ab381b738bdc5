#!/usr/bin/env bash
#
# Step 1: the MCP server's app registration (single tenant), asking Entra
# for v2 access tokens (api.requestedAccessTokenVersion = 2: aud is always
# the client id, iss the login.microsoftonline.com/<tenant>/v2.0 form).
# Found again by display name, so running it twice changes nothing.
#
# Usage: 01-app-registration.sh --name DISPLAY_NAME [--dry-run]
#
# Prints the client id (appId) the next steps take as --client-id.

# shellcheck source=infra/scripts/lib.sh
. "$(dirname "$0")/lib.sh"

NAME=""
opt() {
	case "$1" in
	--name)	NAME=$2 ;;
	*)	return 1 ;;
	esac
}
scripts_parse "$@"
[ -n "$NAME" ] || die "--name is required (see --help)"
[[ $NAME != *"'"* ]] || die "--name must not contain a quote"

query APP_ID '' az ad app list --filter "displayName eq '$NAME'" \
    --query '[0].appId' --output tsv
if [ -z "$APP_ID" ]; then
	say "no registration named '$NAME' yet: creating it"
	query APP_ID '<client-id>' az ad app create --display-name "$NAME" \
	    --sign-in-audience AzureADMyOrg --query appId --output tsv
fi
app_object_id "$APP_ID"

# PATCH the whole api object, so nothing else in it is reset.
query API '{}' az ad app show --id "$APP_ID" --query api --output json
# origin is read-only: never sent back.
body=$(jq -c '{api: ((. // {}) | .requestedAccessTokenVersion = 2 |
    if .oauth2PermissionScopes then .oauth2PermissionScopes |=
    map(del(.origin)) else . end)}' <<<"$API")
run az rest --method PATCH --uri "$GRAPH/applications/$APP_OBJECT_ID" \
    --headers Content-Type=application/json --body "$body"

say "client id: $APP_ID"
