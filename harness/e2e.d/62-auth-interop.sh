#!/usr/bin/env bash
#
# The official MCP TypeScript SDK client with bearer tokens against the
# auth-on instance (harness/js/mcp-auth.mjs): guide cases C2 and C3, and
# the app roles as a real client sees them. Tokens go to node through the
# environment, never on its command line.
set -euo pipefail
. harness/scripts/lib.sh

[ -d harness/js/node_modules/@modelcontextprotocol/sdk ] ||
    die "harness/js/node_modules is missing: run make test (npm ci)"

TOKEN_AGENT=$(issuer_token "${E2E_ISSUER:?}" agent)
TOKEN_PROJECT=$(issuer_token "$E2E_ISSUER" project)
TOKEN_NOROLE=$(issuer_token "$E2E_ISSUER" norole)
export TOKEN_AGENT TOKEN_PROJECT TOKEN_NOROLE
node harness/js/mcp-auth.mjs "${E2E_BASE_ON:?}/mcp/mcp"
