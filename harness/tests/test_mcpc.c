/*
 * mcpc.c: the MCP client library against canned answers from an
 * in-test HTTP server: the lifecycle (initialize, notifications/
 * initialized answered 202, MCP-Protocol-Version after initialize;
 * Lifecycle and Transports of MCP 2025-06-18/2025-11-25), JSON and SSE
 * answers (mcp-server-rules item 6), session ids echoed when a server
 * sends one (item 10), JSON-RPC 2.0 envelope checks (section 5), and
 * errors that tell an HTTP refusal (RFC 6750 challenge) from a JSON-RPC
 * error from a tool's isError (item 25).
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "canned.h"
#include "mcpc.h"
#include "redact.h"

static struct http	*http;
static struct mcpc	 c;
static struct canned	 srv;
static char		**reqs = srv.reqs;
static size_t		 nreqs;

static void
setup(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	http = http_new();
	memset(&srv, 0, sizeof(srv));
	nreqs = 0;
}

static void
teardown(void)
{
	canned_free(&srv);
	mcpc_free(&c);
	http_free(http);
	redact_clear();
	curl_global_cleanup();
}

TestSuite(mcpc, .init = setup, .fini = teardown);

/* The server, and a client of its /mcp/mcp. */
static void
serve(const char *const *replies, size_t n)
{
	char	url[128];

	canned_start(&srv, replies, n);
	snprintf(url, sizeof(url), "%s/mcp/mcp", srv.base);
	mcpc_init(&c, http, url);
}

/* Every request the server saw; after the client is done. */
static void
requests(void)
{
	canned_stop(&srv);
	nreqs = srv.nreqs;
}

#define answer	canned_answer

#define INIT_RESULT(v)	"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{"	\
	"\"protocolVersion\":\"" v "\",\"capabilities\":{\"tools\":"	\
	"{\"listChanged\":false}},\"serverInfo\":{\"name\":\"reviews\","\
	"\"version\":\"1.0.0\"}}}"
#define TOOLS_RESULT(id)	"{\"jsonrpc\":\"2.0\",\"id\":" id ","	\
	"\"result\":{\"tools\":[{\"name\":\"list_restaurants_mcp\","	\
	"\"inputSchema\":{\"type\":\"object\"}},{\"name\":"		\
	"\"get_details_mcp\",\"inputSchema\":{\"type\":\"object\"}}]}}"
#define CALL_RESULT(id)	"{\"jsonrpc\":\"2.0\",\"id\":" id ",\"result\":"\
	"{\"content\":[{\"type\":\"text\",\"text\":\"[]\"}],"		\
	"\"structuredContent\":{\"result\":[{\"id\":1}]},"		\
	"\"isError\":false}}"

/* The first two answers of a session: initialize, then the notification. */
static void
handshake(const char **r, const char *init)
{
	r[0] = answer("200 OK", "application/json", "", init);
	r[1] = answer("202 Accepted", NULL, "", "");
}

static const char *
json_str(json_t *j, const char *path1, const char *path2)
{
	json_t	*v;

	v = json_object_get(j, path1);
	if (path2 != NULL)
		v = json_object_get(v, path2);
	return (json_string_value(v));
}

Test(mcpc, json_flow_and_version_header)
{
	const char	*r[4];

	handshake(r, INIT_RESULT("2025-06-18"));
	r[2] = answer("200 OK", "application/json; charset=utf-8", "",
	    TOOLS_RESULT("2"));
	r[3] = answer("200 OK", "application/json", "", CALL_RESULT("3"));
	serve(r, 4);

	cr_assert_eq(mcpc_connect(&c, "2025-06-18"), 0, "%s",
	    buf_str(&c.err.message));
	cr_assert_str_eq(c.negotiated, "2025-06-18");
	cr_assert_str_eq(json_str(c.result, "serverInfo", "name"), "reviews");
	cr_assert_null(c.session);
	cr_assert_eq(mcpc_list_tools(&c), 0, "%s", buf_str(&c.err.message));
	cr_assert_eq(json_array_size(json_object_get(c.result, "tools")), 2);
	cr_assert_eq(mcpc_call(&c, "list_restaurants_mcp", NULL), 0, "%s",
	    buf_str(&c.err.message));
	cr_assert(json_is_false(json_object_get(c.result, "isError")));
	cr_assert_eq(c.err.kind, MCPC_OK);
	cr_assert_eq(c.err.status, 200);

	requests();
	cr_assert_eq(nreqs, 4);
	/* initialize: both media types, JSON, no version header yet. */
	cr_assert(strncmp(reqs[0], "POST /mcp/mcp HTTP/1.1\r\n", 24) == 0);
	cr_assert(strstr(reqs[0], "\r\nAccept: application/json, "
	    "text/event-stream\r\n") != NULL);
	cr_assert(strstr(reqs[0], "\r\nContent-Type: application/json\r\n")
	    != NULL);
	cr_assert(strcasestr(reqs[0], "mcp-protocol-version") == NULL);
	cr_assert(strstr(reqs[0], "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
	    "\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
	    "\"capabilities\":{},\"clientInfo\":{\"name\":"
	    "\"reviews-mcp-client\",\"version\":\"1.0.0\"}}}") != NULL,
	    "%s", reqs[0]);
	/* The notification: no id; then the negotiated version on each. */
	cr_assert(strstr(reqs[1], "\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":"
	    "\"notifications/initialized\"}") != NULL, "%s", reqs[1]);
	cr_assert(strstr(reqs[1], "\r\nMCP-Protocol-Version: 2025-06-18\r\n")
	    != NULL);
	cr_assert(strstr(reqs[2], "\r\nMCP-Protocol-Version: 2025-06-18\r\n")
	    != NULL);
	cr_assert(strstr(reqs[2], "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
	    "\"tools/list\"}") != NULL, "%s", reqs[2]);
	cr_assert(strstr(reqs[3], "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
	    "\"tools/call\",\"params\":{\"name\":\"list_restaurants_mcp\","
	    "\"arguments\":{}}}") != NULL, "%s", reqs[3]);
	cr_assert(strcasestr(reqs[3], "mcp-session-id") == NULL);
	cr_assert(strcasestr(reqs[3], "authorization") == NULL);
}

Test(mcpc, sse_answers_with_notifications_first)
{
	const char	*r[3];

	r[0] = answer("200 OK", "text/event-stream", "Cache-Control: "
	    "no-cache\r\n", "event: message\r\ndata: " INIT_RESULT("2025-11-25")
	    "\r\n\r\n");
	r[1] = answer("202 Accepted", NULL, "", "");
	/* A progress notification, a comment, then the response. */
	r[2] = answer("200 OK", "text/event-stream", "", ": ping\n\n"
	    "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":"
	    "\"notifications/message\",\"params\":{}}\n\n"
	    "data: " TOOLS_RESULT("2") "\n\n");
	serve(r, 3);
	cr_assert_eq(mcpc_connect(&c, NULL), 0, "%s",
	    buf_str(&c.err.message));
	cr_assert_str_eq(c.negotiated, MCPC_VERSION_LATEST);
	cr_assert_eq(mcpc_list_tools(&c), 0, "%s", buf_str(&c.err.message));
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(c.result, "tools"), 1), "name")),
	    "get_details_mcp");
}

Test(mcpc, sse_without_the_response)
{
	const char	*r[3];

	handshake(r, INIT_RESULT("2025-03-26"));
	/* The answer for another id, and an unterminated event. */
	r[2] = answer("200 OK", "text/event-stream", "", "data: "
	    TOOLS_RESULT("7") "\n\ndata: " TOOLS_RESULT("2") "\n");
	serve(r, 3);
	cr_assert_eq(mcpc_connect(&c, "2025-03-26"), 0);
	cr_assert_eq(mcpc_list_tools(&c), -1);
	cr_assert_eq(c.err.kind, MCPC_PROTOCOL);
	cr_assert_str_eq(buf_str(&c.err.message), "tools/list: the event "
	    "stream holds no response to request id 2 (1 complete message "
	    "event)");
}

Test(mcpc, session_id_echoed_and_deleted)
{
	const char	*r[4];

	r[0] = answer("200 OK", "application/json", "Mcp-Session-Id: "
	    "s-1a2b\r\n", INIT_RESULT("2025-06-18"));
	r[1] = answer("202 Accepted", NULL, "", "");
	r[2] = answer("200 OK", "application/json", "", TOOLS_RESULT("2"));
	r[3] = answer("405 Method Not Allowed", NULL, "Allow: POST\r\n", "");
	serve(r, 4);
	cr_assert_eq(mcpc_connect(&c, "2025-06-18"), 0);
	cr_assert_str_eq(c.session, "s-1a2b");
	cr_assert_eq(mcpc_list_tools(&c), 0);
	cr_assert_eq(mcpc_close(&c), 0, "405: the server keeps it");
	cr_assert_null(c.negotiated);
	requests();
	cr_assert_eq(nreqs, 4);
	cr_assert(strcasestr(reqs[0], "mcp-session-id") == NULL);
	cr_assert(strstr(reqs[1], "\r\nMcp-Session-Id: s-1a2b\r\n") != NULL);
	cr_assert(strstr(reqs[2], "\r\nMcp-Session-Id: s-1a2b\r\n") != NULL);
	cr_assert(strncmp(reqs[3], "DELETE /mcp/mcp HTTP/1.1\r\n", 26) == 0);
	cr_assert(strstr(reqs[3], "\r\nMcp-Session-Id: s-1a2b\r\n") != NULL);
}

Test(mcpc, stateless_close_sends_nothing)
{
	const char	*r[2];

	handshake(r, INIT_RESULT("2025-06-18"));
	serve(r, 2);
	cr_assert_eq(mcpc_connect(&c, "2025-06-18"), 0);
	cr_assert_eq(mcpc_close(&c), 0);
	requests();
	cr_assert_eq(nreqs, 2);
	cr_assert_eq(mcpc_list_tools(&c), -1);
	cr_assert_eq(c.err.kind, MCPC_USAGE);
}

Test(mcpc, unauthorized_names_the_challenge)
{
	const char	*r[1];

	r[0] = answer("401 Unauthorized", "application/json",
	    "WWW-Authenticate: Bearer realm=\"127.0.0.1\", error=\"invalid_"
	    "token\", error_description=\"token expired\", resource_metadata"
	    "=\"http://h/.well-known/oauth-protected-resource/mcp/mcp\"\r\n",
	    "{\"error\":\"invalid_token\",\"error_description\":\"token "
	    "expired\"}");
	serve(r, 1);
	redact_add("sEcReT-tOkEn-0123456789");
	mcpc_set_authorization(&c, "Bearer sEcReT-tOkEn-0123456789");
	cr_assert_eq(mcpc_connect(&c, "2025-06-18"), -1);
	cr_assert_eq(c.err.kind, MCPC_HTTP);
	cr_assert_eq(c.err.status, 401);
	cr_assert_null(c.negotiated);
	cr_assert_str_eq(buf_str(&c.err.message), "initialize: 401 "
	    "Unauthorized: Bearer realm=127.0.0.1, error=invalid_token, "
	    "error_description=\"token expired\", resource_metadata="
	    "http://h/.well-known/oauth-protected-resource/mcp/mcp; body: "
	    "invalid_token: token expired");
	requests();
	cr_assert(strstr(reqs[0], "\r\nAuthorization: Bearer "
	    "sEcReT-tOkEn-0123456789\r\n") != NULL);
}

Test(mcpc, forbidden_body_echoing_the_token_is_redacted)
{
	const char	*r[1];

	/* A server that echoes what it got must not leak it through us. */
	r[0] = answer("403 Forbidden", "text/plain", "",
	    "denied for Bearer sEcReT-tOkEn-0123456789");
	serve(r, 1);
	redact_add("sEcReT-tOkEn-0123456789");
	mcpc_set_authorization(&c, "Bearer sEcReT-tOkEn-0123456789");
	cr_assert_eq(mcpc_connect(&c, NULL), -1);
	cr_assert_eq(c.err.status, 403);
	cr_assert(strstr(buf_str(&c.err.message), "initialize: 403 Forbidden; "
	    "body: denied for Bearer") != NULL, "%s",
	    buf_str(&c.err.message));
	cr_assert(strstr(buf_str(&c.err.message), "sEcReT") == NULL);
}

Test(mcpc, json_rpc_error_and_tool_error_differ)
{
	const char	*r[4];

	handshake(r, INIT_RESULT("2025-06-18"));
	r[2] = answer("200 OK", "application/json", "", "{\"jsonrpc\":\"2.0\","
	    "\"id\":2,\"error\":{\"code\":-32602,\"message\":\"Unknown tool: "
	    "nope\"}}");
	r[3] = answer("200 OK", "application/json", "", "{\"jsonrpc\":\"2.0\","
	    "\"id\":3,\"result\":{\"content\":[{\"type\":\"text\",\"text\":"
	    "\"rating must be an integer from 1 to 5\"}],\"isError\":true}}");
	serve(r, 4);
	cr_assert_eq(mcpc_connect(&c, "2025-06-18"), 0);
	cr_assert_eq(mcpc_call(&c, "nope", NULL), -1);
	cr_assert_eq(c.err.kind, MCPC_RPC);
	cr_assert_eq(c.err.code, -32602);
	cr_assert_eq(c.err.status, 200);
	cr_assert_str_eq(buf_str(&c.err.message), "tools/call: JSON-RPC error "
	    "-32602: Unknown tool: nope");
	cr_assert_eq(json_integer_value(json_object_get(c.result, "code")),
	    -32602, "the error object is the result");
	cr_assert_eq(mcpc_call(&c, "create_review_mcp", NULL), -1);
	cr_assert_eq(c.err.kind, MCPC_TOOL);
	cr_assert_str_eq(buf_str(&c.err.message), "tools/call: "
	    "create_review_mcp reported an error: rating must be an integer "
	    "from 1 to 5");
	cr_assert(json_is_true(json_object_get(c.result, "isError")));
}

Test(mcpc, notification_must_get_202)
{
	const char	*r[2];

	r[0] = answer("200 OK", "application/json", "",
	    INIT_RESULT("2025-06-18"));
	r[1] = answer("200 OK", "application/json", "", "");
	serve(r, 2);
	cr_assert_eq(mcpc_connect(&c, "2025-06-18"), -1);
	cr_assert_eq(c.err.kind, MCPC_PROTOCOL);
	cr_assert_str_eq(buf_str(&c.err.message), "notifications/initialized: "
	    "a notification must be answered 202 Accepted, got 200");
}

/* Each bad initialize answer, with what the client says about it. */
Test(mcpc, broken_answers)
{
	static const char	*bad[][3] = {
		{ "application/json", "{\"jsonrpc\":\"2.0\",\"id\":2,"
		    "\"result\":{}}", "the answer's id 2 is not the request's "
		    "id 1" },
		{ "application/json", "{\"jsonrpc\":\"2.0\",\"id\":\"1\","
		    "\"result\":{}}", "the answer's id \"1\" is not" },
		{ "application/json", "{\"jsonrpc\":\"1.0\",\"id\":1,"
		    "\"result\":{}}", "jsonrpc is not \"2.0\"" },
		{ "application/json", "{\"jsonrpc\":\"2.0\",\"id\":1}",
		    "exactly one of result and error" },
		{ "application/json", "[" INIT_RESULT("2025-06-18") "]",
		    "not one JSON-RPC object (a batch array)" },
		{ "application/json", "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":"
		    "{\"code\":\"x\",\"message\":\"m\"}}", "integer code" },
		{ "application/json", "not json", "the answer is not JSON" },
		{ "text/html", "<p>hi</p>", "Content-Type is text/html, not" },
		{ "application/json", INIT_RESULT("2024-11-05"), "protocol "
		    "version '2024-11-05', which this client does not speak" },
		{ "application/json", "{\"jsonrpc\":\"2.0\",\"id\":1,"
		    "\"result\":{\"protocolVersion\":\"2025-06-18\"}}",
		    "capabilities and serverInfo.name" },
		{ "application/jsonx", "{}", "Content-Type is application/"
		    "jsonx" },
	};
	const char		*r[1];
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r[0] = answer("200 OK", bad[i][0], "", bad[i][1]);
		serve(r, 1);
		cr_assert_eq(mcpc_connect(&c, "2025-06-18"), -1, "%s",
		    bad[i][1]);
		cr_assert_eq(c.err.kind, MCPC_PROTOCOL);
		cr_assert(strstr(buf_str(&c.err.message), bad[i][2]) != NULL,
		    "%s: %s", bad[i][1], buf_str(&c.err.message));
		cr_assert_null(c.negotiated);
		mcpc_free(&c);
		canned_free(&srv);
	}
}

Test(mcpc, bad_session_id_refused)
{
	const char	*r[1];

	r[0] = answer("200 OK", "application/json", "Mcp-Session-Id: a b\r\n",
	    INIT_RESULT("2025-06-18"));
	serve(r, 1);
	cr_assert_eq(mcpc_connect(&c, "2025-06-18"), -1);
	cr_assert(strstr(buf_str(&c.err.message), "Mcp-Session-Id must be")
	    != NULL, "%s", buf_str(&c.err.message));
}

Test(mcpc, tools_list_follows_cursors)
{
	const char	*r[4];

	handshake(r, INIT_RESULT("2025-06-18"));
	r[2] = answer("200 OK", "application/json", "", "{\"jsonrpc\":\"2.0\","
	    "\"id\":2,\"result\":{\"tools\":[{\"name\":\"a\"}],\"nextCursor\":"
	    "\"p2\"}}");
	r[3] = answer("200 OK", "application/json", "", "{\"jsonrpc\":\"2.0\","
	    "\"id\":3,\"result\":{\"tools\":[{\"name\":\"b\"}]}}");
	serve(r, 4);
	cr_assert_eq(mcpc_connect(&c, "2025-06-18"), 0);
	cr_assert_eq(mcpc_list_tools(&c), 0, "%s", buf_str(&c.err.message));
	cr_assert_eq(json_array_size(json_object_get(c.result, "tools")), 2);
	cr_assert_null(json_object_get(c.result, "nextCursor"));
	requests();
	cr_assert(strstr(reqs[3], "\"params\":{\"cursor\":\"p2\"}") != NULL,
	    "%s", reqs[3]);
}

Test(mcpc, nothing_listening)
{
	const char	*r[1];

	/* Learn a free port, then close it again. */
	r[0] = answer("200 OK", NULL, "", "");
	serve(r, 0);
	canned_stop(&srv);
	cr_assert_eq(mcpc_connect(&c, NULL), -1);
	cr_assert_eq(c.err.kind, MCPC_TRANSPORT);
	cr_assert_eq(c.err.status, 0);
	cr_assert(strstr(buf_str(&c.err.message), "initialize: POST http://"
	    "127.0.0.1:") != NULL, "%s", buf_str(&c.err.message));
}

Test(mcpc, describe_without_bearer)
{
	struct http_response	r;
	struct buf		b;

	http_response_init(&r);
	buf_init(&b);
	r.status = 401;
	http_response_add_header(&r, "WWW-Authenticate", 16, "Basic "
	    "realm=\"x\"", 15);
	mcpc_describe_http(&r, &b);
	cr_assert_str_eq(buf_str(&b), "401 Unauthorized: WWW-Authenticate: "
	    "Basic realm=\"x\"");
	buf_reset(&b);
	r.status = 599;
	mcpc_describe_http(&r, &b);
	cr_assert_str_eq(buf_str(&b), "599: WWW-Authenticate: Basic "
	    "realm=\"x\"");
	buf_free(&b);
	http_response_free(&r);
}
