#!/usr/bin/env bash
#
# Step 6: grant MCP.Access (or --role NAME) to the identities that call
# the server: the Foundry agent identity and the project identity (calls
# flip between the two: grant both). Takes their service principal object
# ids, and prints their client ids for the allow-lists of step 7.
# api.preAuthorizedApplications cannot do this: it only covers delegated
# scopes, and Entra rejects ServiceIdentity principals there (InvalidAppId).
#
# Usage: 06-role-assignments.sh --client-id ID --principal OBJECT_ID
#        [--principal OBJECT_ID ...] [--role MCP.Access] [--dry-run]

# shellcheck source=infra/scripts/lib.sh
. "$(dirname "$0")/lib.sh"

USES="client-id"
ROLE=MCP.Access
PRINCIPALS=()
opt() {
	case "$1" in
	--principal)	PRINCIPALS+=("$2") ;;
	--role)		ROLE=$2 ;;
	*)		return 1 ;;
	esac
}
scripts_parse "$@"
[ "${#PRINCIPALS[@]}" -gt 0 ] || die "at least one --principal is required"
for p in "${PRINCIPALS[@]}"; do
	need_guid --principal "$p"
done
[[ $ROLE =~ ^[A-Za-z0-9._-]+$ ]] || die "--role must be a role value"

query SP_ID '<service-principal-id>' az ad sp show --id "$CLIENT_ID" \
    --query id --output tsv
query ROLE_ID '<role-id>' az ad sp show --id "$CLIENT_ID" \
    --query "appRoles[?value=='$ROLE'].id | [0]" --output tsv
[ -n "$ROLE_ID" ] || die "no app role $ROLE: run 04-app-role.sh first"

for p in "${PRINCIPALS[@]}"; do
	query CALLER '<caller-client-id>' az rest --method GET \
	    --uri "$GRAPH/servicePrincipals/$p?\$select=appId" \
	    --query appId --output tsv
	query HAVE '' az rest --method GET \
	    --uri "$GRAPH/servicePrincipals/$p/appRoleAssignments" \
	    --query "value[?resourceId=='$SP_ID' && appRoleId=='$ROLE_ID'].id | [0]" \
	    --output tsv
	if [ -n "$HAVE" ]; then
		say "$p already has $ROLE"
	else
		run az rest --method POST \
		    --uri "$GRAPH/servicePrincipals/$p/appRoleAssignments" \
		    --headers Content-Type=application/json \
		    --body "$(jq -cn --arg p "$p" --arg r "$SP_ID" \
		    --arg a "$ROLE_ID" '{principalId: $p, resourceId: $r, appRoleId: $a}')"
	fi
	say "caller $p: client id $CALLER (pass it to 07-authsettings.sh --allowed-client)"
done
