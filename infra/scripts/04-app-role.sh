#!/usr/bin/env bash
#
# Step 4: the app role MCP.Access for Applications: what a managed identity
# (a Foundry agent) is granted, and what the server checks in the roles
# claim. EasyAuth does not check roles: the app does. --write adds the
# role MCP.Write too, for servers configured to require it to create
# restaurants and reviews.
#
# Usage: 04-app-role.sh --client-id ID [--write yes] [--dry-run]

# shellcheck source=infra/scripts/lib.sh
. "$(dirname "$0")/lib.sh"

USES="client-id"
WRITE=no
opt() {
	case "$1" in
	--write)	WRITE=$2 ;;
	*)		return 1 ;;
	esac
}
scripts_parse "$@"
case "$WRITE" in yes|no) ;; *) die "--write takes yes or no" ;; esac

app_object_id "$CLIENT_ID"
query ROLES '[]' az ad app show --id "$CLIENT_ID" --query appRoles \
    --output json
# origin is read-only: never sent back.
ROLES=$(jq -c 'map(del(.origin))' <<<"$ROLES")

add_role() {
	jq -c --arg id "$2" --arg v "$1" --arg d "$3" '
	    if any(.[]; .value == $v) then . else . + [{
		id: $id, value: $v, displayName: $v, description: $d,
		allowedMemberTypes: ["Application"], isEnabled: true}] end' \
	    <<<"$ROLES"
}
new=$(add_role MCP.Access "$(new_guid access-role)" \
    'Call the MCP server tools (app-only callers such as Foundry agent identities).')
if [ "$WRITE" = yes ]; then
	ROLES=$new
	new=$(add_role MCP.Write "$(new_guid write-role)" \
	    'Create restaurants and reviews, when the server requires it.')
fi
if [ "$(jq -c . <<<"$ROLES")" = "$new" ] && [ "$DRY_RUN" -eq 0 ]; then
	say "app roles already defined"
	exit 0
fi
run az rest --method PATCH --uri "$GRAPH/applications/$APP_OBJECT_ID" \
    --headers Content-Type=application/json \
    --body "$(jq -c '{appRoles: .}' <<<"$new")"
