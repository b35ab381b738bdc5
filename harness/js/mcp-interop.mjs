// Interop with the official MCP TypeScript SDK client (npm
// @modelcontextprotocol/sdk 1.x): connect, list the 4 tools, call each one
// and check the structured results. callTool() validates structuredContent
// against each tool's outputSchema (after listTools()), so a result that
// does not match its declared schema fails here.
//
// usage: node mcp-interop.mjs URL json|sse
// Every POST answer to a request must come in the expected media type, so
// the run proves which response mode the server used.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

const [url, mode] = process.argv.slice(2);
if (!url || !['json', 'sse'].includes(mode)) {
  console.error('usage: node mcp-interop.mjs URL json|sse');
  process.exit(2);
}
const wantType = mode === 'sse' ? 'text/event-stream' : 'application/json';
const names = ['list_restaurants_mcp', 'get_details_mcp', 'create_review_mcp',
  'create_restaurant_mcp'];

// Record what the server answered to every HTTP request the SDK made.
const seen = [];
async function recordingFetch(input, init) {
  const res = await fetch(input, init);
  seen.push({ method: init?.method ?? 'GET', status: res.status,
    type: res.headers.get('content-type'),
    session: res.headers.get('mcp-session-id') });
  return res;
}

let step = 'connect';
const transport = new StreamableHTTPClientTransport(new URL(url),
  { fetch: recordingFetch });
const client = new Client({ name: 'reviews-mcp-interop', version: '1.0.0' });

try {
  await client.connect(transport);
  assert.equal(client.getServerVersion()?.name, 'RestaurantReviewsMCP');
  assert.equal(transport.protocolVersion, '2025-11-25',
    'the SDK asks for its latest version and must get it');
  assert.equal(transport.sessionId, undefined, 'stateless: no session id');
  assert.ok(client.getServerCapabilities()?.tools, 'tools capability');
  await client.ping();

  step = 'tools/list';
  const { tools, nextCursor } = await client.listTools();
  assert.equal(nextCursor, undefined);
  assert.deepEqual(tools.map((t) => t.name).sort(), [...names].sort());
  for (const t of tools) {
    assert.ok(t.title && t.description, `${t.name}: title, description`);
    assert.equal(t.inputSchema.type, 'object');
    assert.equal(t.inputSchema.additionalProperties, false);
    assert.equal(t.outputSchema?.type, 'object', `${t.name}: outputSchema`);
    assert.equal(t.annotations?.openWorldHint, false);
  }
  const review = tools.find((t) => t.name === 'create_review_mcp');
  assert.deepEqual(review.inputSchema.required.sort(),
    ['rating', 'restaurant_id', 'review_text', 'user_name']);
  assert.equal(review.inputSchema.properties.rating.maximum, 5);
  assert.equal(review.annotations.readOnlyHint, false);

  step = 'list_restaurants_mcp';
  const list = await client.callTool({ name: 'list_restaurants_mcp',
    arguments: {} });
  assert.notEqual(list.isError, true);
  const places = list.structuredContent.result;
  assert.ok(Array.isArray(places) && places.length > 0);
  // FastMCP's shape: one text block per element, each the element's JSON.
  assert.equal(list.content.length, places.length);
  assert.deepEqual(JSON.parse(list.content[0].text), places[0]);

  step = 'create_restaurant_mcp';
  const name = `Interop ${mode} ${process.pid}`;
  const made = await client.callTool({ name: 'create_restaurant_mcp',
    arguments: { restaurant_name: name, street_address: '1 Test Street',
      description: 'Created by the TypeScript SDK interop test.' } });
  assert.notEqual(made.isError, true);
  const id = made.structuredContent.id;
  assert.ok(Number.isInteger(id) && id > 0);
  assert.equal(made.structuredContent.name, name);
  assert.deepEqual(JSON.parse(made.content[0].text), made.structuredContent);

  step = 'create_review_mcp';
  const rv = await client.callTool({ name: 'create_review_mcp',
    arguments: { restaurant_id: id, user_name: 'sdk', rating: 4,
      review_text: 'Fine noodles.' } });
  assert.notEqual(rv.isError, true);
  assert.equal(rv.structuredContent.restaurant, id);
  assert.equal(rv.structuredContent.rating, 4);

  step = 'get_details_mcp';
  const det = await client.callTool({ name: 'get_details_mcp',
    arguments: { restaurant_id: id } });
  assert.notEqual(det.isError, true);
  assert.equal(det.structuredContent.restaurant.name, name);
  assert.equal(det.structuredContent.restaurant.review_count, 1);
  assert.equal(det.structuredContent.restaurant.avg_rating, 4);
  assert.deepEqual(det.structuredContent.reviews.map((r) => r.id),
    [rv.structuredContent.id]);

  step = 'invalid arguments';
  const bad = await client.callTool({ name: 'create_review_mcp',
    arguments: { restaurant_id: id, user_name: 'sdk', rating: 9,
      review_text: 'too many stars' } });
  assert.equal(bad.isError, true);
  assert.match(bad.content[0].text, /rating must be an integer from 1 to 5/);

  step = 'unknown tool';
  await assert.rejects(client.callTool({ name: 'no_such_tool',
    arguments: {} }), (e) => e instanceof McpError && e.code === -32602);

  step = 'close';
  await client.close();

  step = 'transport';
  // POSTs: requests answered as wantType, notifications with 202.
  const posts = seen.filter((s) => s.method === 'POST');
  assert.ok(posts.some((s) => s.status === 202), 'notification gets 202');
  for (const s of posts.filter((p) => p.status === 200))
    assert.equal(s.type, wantType, `every 200 is ${wantType}`);
  // The GET the SDK opens after initialize is refused at once.
  for (const s of seen.filter((p) => p.method === 'GET'))
    assert.equal(s.status, 405);
  assert.ok(seen.every((s) => s.session === null), 'no Mcp-Session-Id');

  const gets = seen.filter((p) => p.method === 'GET').length;
  console.log(`interop ${mode}: ok (${posts.length} POSTs, ${gets} GET, SDK ` +
    `protocol ${transport.protocolVersion}, 4 tools called)`);
} catch (e) {
  console.error(`interop ${mode}: FAILED at ${step}: ` +
    `${e?.constructor?.name} ${e?.message}`);
  console.error('HTTP exchanges:', JSON.stringify(seen));
  process.exitCode = 1;
}
