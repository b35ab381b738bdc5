#!/usr/bin/env bash
#
# Step 8: Protected Resource Metadata (RFC 9728), served by EasyAuth at
# /.well-known/oauth-protected-resource once this app setting names the
# scopes; its 401 challenges then point MCP clients at it. Takes effect
# after a restart (step 9).
#
# Usage: 08-prm-setting.sh --resource-group RG --webapp NAME
#        --identifier-uri URI [--dry-run]

# shellcheck source=infra/scripts/lib.sh
. "$(dirname "$0")/lib.sh"

USES="webapp identifier-uri"
scripts_parse "$@"
[ -n "$URI" ] || die "--identifier-uri is required (api://<client id> by default in step 2)"

run az webapp config appsettings set --resource-group "$RG" --name "$APP" \
    --settings "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES=$URI/user_impersonation" \
    --output none
