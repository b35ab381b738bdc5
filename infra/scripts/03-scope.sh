#!/usr/bin/env bash
#
# Step 3: the delegated scope user_impersonation, for interactive clients
# (VS Code and others signing a user in). It is what
# WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES advertises. App-only callers such
# as Foundry agents use the app role of step 4 instead.
#
# Usage: 03-scope.sh --client-id ID [--dry-run]

# shellcheck source=infra/scripts/lib.sh
. "$(dirname "$0")/lib.sh"

USES="client-id"
scripts_parse "$@"

app_object_id "$CLIENT_ID"
query API '{}' az ad app show --id "$CLIENT_ID" --query api --output json
if jq -e '(.oauth2PermissionScopes // []) |
    any(.value == "user_impersonation")' <<<"$API" >/dev/null; then
	say "scope user_impersonation already exists"
	exit 0
fi

scope=$(jq -cn --arg id "$(new_guid scope)" '{
	id: $id, value: "user_impersonation", type: "User", isEnabled: true,
	adminConsentDisplayName: "Access the restaurant reviews MCP server",
	adminConsentDescription: "Lets the application call the restaurant reviews MCP server on behalf of the signed-in user.",
	userConsentDisplayName: "Access the restaurant reviews MCP server",
	userConsentDescription: "Lets the application call the restaurant reviews MCP server on your behalf."
}')
# The whole api object goes back, with the scope added to the others;
# origin is read-only and is not sent back.
body=$(jq -c --argjson s "$scope" \
    '{api: ((. // {}) | .oauth2PermissionScopes =
	((.oauth2PermissionScopes // []) | map(del(.origin))) + [$s])}' \
    <<<"$API")
run az rest --method PATCH --uri "$GRAPH/applications/$APP_OBJECT_ID" \
    --headers Content-Type=application/json --body "$body"
