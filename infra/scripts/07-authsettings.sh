#!/usr/bin/env bash
#
# Step 7: App Service Authentication (EasyAuth v2), from the document the
# app enforces locally, fixtures/authsettings.json, with only the values
# of this deployment substituted: tenant (issuer), client id, both
# audience forms (identifier URI and client id) and the callers (both
# allow-lists). PUT as authsettingsV2 with az rest, and set as the app
# setting AUTH_SETTINGS_JSON for the app's own gate: one document, two
# enforcement points. Refuses an empty caller list.
#
# Usage: 07-authsettings.sh --resource-group RG --webapp NAME
#        --client-id ID --allowed-client ID [--allowed-client ID ...]
#        [--identifier-uri URI] [--tenant ID] [--subscription ID]
#        [--dump FILE] [--dry-run]
#
# --identifier-uri defaults to api://<client id>; --tenant and
# --subscription to those of `az account show`. --dump writes the ARM body.

# shellcheck source=infra/scripts/lib.sh
. "$(dirname "$0")/lib.sh"

USES="client-id webapp identifier-uri"
TENANT=""
SUB=""
DUMP=""
CALLERS=()
opt() {
	case "$1" in
	--allowed-client)	CALLERS+=("$2") ;;
	--tenant)		TENANT=$2 ;;
	--subscription)		SUB=$2 ;;
	--dump)			DUMP=$2 ;;
	*)			return 1 ;;
	esac
}
scripts_parse "$@"
[ "${#CALLERS[@]}" -gt 0 ] || die "no --allowed-client: EasyAuth must never get an empty allow-list (it would admit no caller, or per field reports deny all)"
for c in "${CALLERS[@]}"; do
	need_guid --allowed-client "$c"
done
URI=${URI:-api://$CLIENT_ID}
if [ -z "$TENANT" ]; then
	query TENANT '<tenant-id>' az account show --query tenantId --output tsv
fi
if [ -z "$SUB" ]; then
	query SUB '<subscription-id>' az account show --query id --output tsv
fi

callers=$(printf '%s\n' "${CALLERS[@]}" | jq -R . | jq -sc 'unique')
# jq's * merges objects recursively and replaces arrays: the same rule as
# Bicep's union() in infra/resources.bicep.
props=$(jq -c --arg iss "https://login.microsoftonline.com/$TENANT/v2.0" \
    --arg cid "$CLIENT_ID" --arg uri "$URI" --argjson callers "$callers" '
    . * {identityProviders: {azureActiveDirectory: {
	registration: {openIdIssuer: $iss, clientId: $cid},
	validation: {
	    allowedAudiences: [$uri, $cid],
	    jwtClaimChecks: {allowedClientApplications: $callers},
	    defaultAuthorizationPolicy: {allowedApplications: $callers}}}}}' \
    "$TOP/fixtures/authsettings.json")
body=$(jq -c '{properties: .}' <<<"$props")
if [ -n "$DUMP" ]; then
	printf '%s\n' "$body" >"$DUMP"
fi

site="$ARM/subscriptions/$SUB/resourceGroups/$RG/providers/Microsoft.Web/sites/$APP"
run az rest --method PUT \
    --uri "$site/config/authsettingsV2?api-version=$AUTHSETTINGS_API" \
    --headers Content-Type=application/json --body "$body"
run az webapp config appsettings set --resource-group "$RG" --name "$APP" \
    --settings "AUTH_SETTINGS_JSON=$props" --output none
say "EasyAuth on: Return401, audiences $URI and $CLIENT_ID, ${#CALLERS[@]} caller(s); restart with 09-restart.sh"
