// The official MCP TypeScript SDK client (npm @modelcontextprotocol/sdk 1.x)
// against the auth-on server, as a Foundry agent uses it: a bearer token in
// a static header, no OAuth provider. Guide cases C2 (a valid token: the
// whole flow works) and C3 (no token: 401), plus the app-role outcomes of
// docs/security.md as the SDK surfaces them.
//
// usage: node mcp-auth.mjs URL
// Tokens come from the environment, never argv (process lists are
// readable): TOKEN_AGENT (MCP.Access + MCP.Write), TOKEN_PROJECT
// (MCP.Access only; the instance requires MCP.Write for writes),
// TOKEN_NOROLE (no app role).
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from
  '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url] = process.argv.slice(2);
if (!url) {
  console.error('usage: node mcp-auth.mjs URL');
  process.exit(2);
}

function connect(token) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const client = new Client({ name: 'reviews-mcp-auth', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url),
    { requestInit: { headers } });
  return { client, connected: client.connect(transport) };
}

// The SDK throws StreamableHTTPError with the HTTP status as code.
function httpError(code) {
  return (e) => e instanceof StreamableHTTPError && e.code === code;
}

let step = 'agent';
try {
  const agent = connect(process.env.TOKEN_AGENT);
  await agent.connected;
  let { tools } = await agent.client.listTools();
  assert.equal(tools.length, 4, 'agent holds both roles: four tools');
  const list = await agent.client.callTool({ name: 'list_restaurants_mcp',
    arguments: {} });
  assert.notEqual(list.isError, true);
  await agent.client.close();

  step = 'project';
  const project = connect(process.env.TOKEN_PROJECT);
  await project.connected;
  ({ tools } = await project.client.listTools());
  assert.deepEqual(tools.map((t) => t.name).sort(),
    ['get_details_mcp', 'list_restaurants_mcp'],
    'project sees only the tools it may call');
  await assert.rejects(project.client.callTool({ name: 'create_review_mcp',
    arguments: { restaurant_id: 1, user_name: 'sdk', rating: 5,
      review_text: 'not allowed' } }), httpError(403));
  await project.client.close();

  step = 'no token';
  await assert.rejects(connect(undefined).connected, httpError(401));

  step = 'norole';
  await assert.rejects(connect(process.env.TOKEN_NOROLE).connected,
    httpError(403));

  console.log('auth interop: ok (agent 4 tools, project 2 tools and a 403 ' +
    'write, no token 401, no role 403 at connect)');
} catch (e) {
  console.error(`auth interop: FAILED at ${step}: ` +
    `${e?.constructor?.name} ${e?.code ?? ''} ${e?.message}`);
  process.exitCode = 1;
}
