#!/usr/bin/env bash
#
# The official MCP TypeScript SDK client (harness/js, pinned) against the
# live server: connect, list the 4 tools, call each one and check the
# structured results against the tools' outputSchema. Once against the
# JSON instance and once against the SSE instance (MCP_RESPONSE_MODE=sse).
set -euo pipefail
. harness/scripts/lib.sh

[ -d harness/js/node_modules/@modelcontextprotocol/sdk ] ||
    die "harness/js/node_modules is missing: run make test (npm ci)"

node harness/js/mcp-interop.mjs "$E2E_BASE_OFF/mcp/mcp" json
node harness/js/mcp-interop.mjs "$E2E_BASE_SSE/mcp/mcp" sse
