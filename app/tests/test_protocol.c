/*
 * protocol.c: versions, methods, batches and tools/call decisions, on
 * the JSON-RPC text a client sends. Rule numbers are those of the shared
 * MCP server rules (docs/mcp.md).
 */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "jsonrpc.h"
#include "protocol.h"
#include "tools.h"

static struct protocol_plan	 plan;
static json_t			*root;

static int
allow_all(void *arg, const char *tool)
{
	(void)arg;
	(void)tool;
	return (1);
}

static int
deny_writes(void *arg, const char *tool)
{
	(void)arg;
	return (strncmp(tool, "create_", 7) != 0);
}

static void
setup(void)
{
	cr_assert_eq(tools_init(), 0);
}

static void
teardown(void)
{
	protocol_plan_clear(&plan);
	json_decref(root);
	root = NULL;
}

/* Plan a body as mcp.c does, for a given MCP-Protocol-Version. */
static int
run(const char *body, const char *version, tools_allowed_fn allowed)
{
	struct jsonrpc_fault	fault;

	protocol_plan_clear(&plan);
	json_decref(root);
	root = jsonrpc_parse(body, strlen(body), &fault);
	cr_assert_not_null(root, "%s: %s", body, fault.msg);
	cr_assert_eq(protocol_plan(root, version, allowed, NULL, &plan), 0);
	return (plan.status);
}

/* The answer text of reply i, parsed. */
static json_t *
answer(int i)
{
	json_t	*a;

	cr_assert_lt(i, plan.nreplies);
	cr_assert_not_null(plan.replies[i].text);
	a = json_loads(plan.replies[i].text, 0, NULL);
	cr_assert_not_null(a);
	cr_assert_str_eq(json_string_value(json_object_get(a, "jsonrpc")),
	    "2.0");
	return (a);
}

static json_int_t
error_code(int i)
{
	json_t		*a;
	json_int_t	 code;

	a = answer(i);
	cr_assert_null(json_object_get(a, "result"), "%s",
	    plan.replies[i].text);
	code = json_integer_value(json_object_get(json_object_get(a, "error"),
	    "code"));
	json_decref(a);
	return (code);
}

/* Rule 11: no header means 2025-03-26; a header names a known version. */
Test(protocol, version_header)
{
	cr_assert_str_eq(protocol_version(NULL), "2025-03-26");
	cr_assert_str_eq(protocol_version("2025-03-26"), "2025-03-26");
	cr_assert_str_eq(protocol_version("2025-06-18"), "2025-06-18");
	cr_assert_str_eq(protocol_version("2025-11-25"), "2025-11-25");
	cr_assert_null(protocol_version("2026-07-28"), "rule 11, section 8");
	cr_assert_null(protocol_version("2024-11-05"));
	cr_assert_null(protocol_version("2025-11-25 "));
	cr_assert_null(protocol_version(""));
	cr_assert_null(protocol_version("latest"));
}

/* Rule 15: same version when supported, else the latest; never an error. */
Test(protocol, negotiation)
{
	cr_assert_str_eq(protocol_negotiate("2025-06-18"), "2025-06-18");
	cr_assert_str_eq(protocol_negotiate("2025-03-26"), "2025-03-26");
	cr_assert_str_eq(protocol_negotiate("1999-01-01"), "2025-11-25");
	cr_assert_str_eq(protocol_negotiate("2024-11-05"), "2025-11-25");
	cr_assert_str_eq(protocol_negotiate("2026-07-28"), "2025-11-25");
}

/* Rules 14, 15, 10: initialize result, no session anywhere. */
Test(protocol, initialize, .init = setup, .fini = teardown)
{
	json_t	*a, *r;

	cr_assert_eq(run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
	    "\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
	    "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":"
	    "\"1\"}}}", "2025-03-26", allow_all), 200);
	a = answer(0);
	r = json_object_get(a, "result");
	cr_assert_str_eq(json_string_value(json_object_get(r,
	    "protocolVersion")), "2025-06-18");
	cr_assert(json_is_object(json_object_get(json_object_get(r,
	    "capabilities"), "tools")), "rule 14: tools capability");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
	    "serverInfo"), "name")), PROTOCOL_SERVER_NAME);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
	    "serverInfo"), "version")), PROTOCOL_SERVER_VERSION);
	cr_assert(json_is_string(json_object_get(r, "instructions")));
	cr_assert_null(strstr(plan.replies[0].text, "ession"));
	json_decref(a);

	cr_assert_eq(run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
	    "\"initialize\",\"params\":{\"protocolVersion\":\"1999-01-01\"}}",
	    "2025-03-26", allow_all), 200);
	a = answer(0);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(a,
	    "result"), "protocolVersion")), "2025-11-25");
	json_decref(a);

	run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}",
	    "2025-03-26", allow_all);
	cr_assert_eq(error_code(0), JSONRPC_INVALID_PARAMS);
	run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
	    "\"params\":{\"protocolVersion\":20250618}}", "2025-03-26",
	    allow_all);
	cr_assert_eq(error_code(0), JSONRPC_INVALID_PARAMS);
}

/* Rules 16, 19: ping and tools/list need no initialize. */
Test(protocol, ping_and_stateless_list, .init = setup, .fini = teardown)
{
	cr_assert_eq(run("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":"
	    "\"ping\"}", "2025-11-25", allow_all), 200);
	cr_assert_str_eq(plan.replies[0].text,
	    "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"result\":{}}");

	cr_assert_eq(run("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
	    "\"tools/list\"}", "2025-11-25", allow_all), 200);
	cr_assert_eq(plan.replies[0].action, PROTOCOL_REPLY);
	cr_assert_not_null(strstr(plan.replies[0].text,
	    "\"name\":\"create_restaurant_mcp\""));
	cr_assert_null(strstr(plan.replies[0].text, "nextCursor"),
	    "rule 21: everything at once");
}

/* Rule 21: a cursor this server never issued is invalid. */
Test(protocol, list_cursor, .init = setup, .fini = teardown)
{
	run("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\","
	    "\"params\":{\"cursor\":\"abc\"}}", "2025-11-25", allow_all);
	cr_assert_eq(error_code(0), JSONRPC_INVALID_PARAMS);
	run("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\","
	    "\"params\":{\"cursor\":null}}", "2025-11-25", allow_all);
	cr_assert_eq(plan.replies[0].action, PROTOCOL_REPLY);
	cr_assert_null(strstr(plan.replies[0].text, "\"error\""));
	run("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\","
	    "\"params\":[]}", "2025-11-25", allow_all);
	cr_assert_eq(error_code(0), JSONRPC_INVALID_PARAMS);
}

/* Rule 20: unknown and undeclared methods, and 2026's server/discover. */
Test(protocol, method_not_found, .init = setup, .fini = teardown)
{
	static const char *const methods[] = { "server/discover",
	    "logging/setLevel", "completion/complete", "tools/run",
	    "notifications/initialized", "" };
	char	body[256];
	size_t	i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		snprintf(body, sizeof(body), "{\"jsonrpc\":\"2.0\",\"id\":1,"
		    "\"method\":\"%s\"}", methods[i]);
		cr_assert_eq(run(body, "2025-11-25", allow_all), 200,
		    "-32601 travels in a 200");
		cr_assert_eq(error_code(0), JSONRPC_METHOD_NOT_FOUND, "%s",
		    methods[i]);
	}
}

/* Rule 20: FastMCP's empty prompts and resources, declared and empty. */
Test(protocol, empty_lists, .init = setup, .fini = teardown)
{
	run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/list\"}",
	    "2025-11-25", allow_all);
	cr_assert_str_eq(plan.replies[0].text,
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"prompts\":[]}}");
	run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}",
	    "2025-11-25", allow_all);
	cr_assert_str_eq(plan.replies[0].text,
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"resources\":[]}}");
	run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
	    "\"resources/templates/list\"}", "2025-11-25", allow_all);
	cr_assert_not_null(strstr(plan.replies[0].text,
	    "\"resourceTemplates\":[]"));
	run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\","
	    "\"params\":{\"uri\":\"file:///etc/passwd\"}}", "2025-11-25",
	    allow_all);
	cr_assert_eq(error_code(0), JSONRPC_RESOURCE_NOT_FOUND);
	run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\","
	    "\"params\":{\"name\":\"x\"}}", "2025-11-25", allow_all);
	cr_assert_eq(error_code(0), JSONRPC_INVALID_PARAMS);
}

/* Rules 5, 17: notifications and responses get 202 and no answer. */
Test(protocol, notifications_and_responses, .init = setup, .fini = teardown)
{
	cr_assert_eq(run("{\"jsonrpc\":\"2.0\",\"method\":"
	    "\"notifications/initialized\"}", "2025-03-26", allow_all), 202);
	cr_assert_eq(plan.replies[0].action, PROTOCOL_NONE);
	cr_assert_null(plan.replies[0].text);
	cr_assert_eq(run("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\","
	    "\"params\":{\"name\":\"create_review_mcp\"}}", "2025-11-25",
	    allow_all), 202, "a notification never runs a tool");
	cr_assert_eq(run("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}",
	    "2025-11-25", allow_all), 202);
	cr_assert_eq(run("{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":"
	    "-1,\"message\":\"no\"}}", "2025-11-25", allow_all), 202);
}

/* Rule 7: one invalid message is a 400 with -32600. */
Test(protocol, invalid_single_is_400, .init = setup, .fini = teardown)
{
	cr_assert_eq(run("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":"
	    "\"ping\"}", "2025-11-25", allow_all), 400);
	cr_assert_eq(error_code(0), JSONRPC_INVALID_REQUEST);
	cr_assert_eq(run("{\"id\":1,\"method\":\"ping\"}", "2025-11-25",
	    allow_all), 400);
}

/* Rule 4: batches for 2025-03-26 only. */
Test(protocol, batches_by_version, .init = setup, .fini = teardown)
{
	const char	*batch;
	json_t		*a;

	batch = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]";
	cr_assert_eq(run(batch, "2025-06-18", allow_all), 400);
	cr_assert_not_null(plan.text);
	a = json_loads(plan.text, 0, NULL);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(a,
	    "error"), "code")), JSONRPC_INVALID_REQUEST);
	cr_assert(json_is_null(json_object_get(a, "id")));
	json_decref(a);
	cr_assert_eq(run(batch, "2025-11-25", allow_all), 400);
	cr_assert_eq(run(batch, "2025-03-26", allow_all), 200);
	cr_assert(plan.batch);
	cr_assert_eq(run("[]", "2025-03-26", allow_all), 400, "empty batch");
}

Test(protocol, batch_bound, .init = setup, .fini = teardown)
{
	char	body[4096];
	int	i;

	strcpy(body, "[");
	for (i = 0; i <= PROTOCOL_BATCH_MAX; i++) {
		strcat(body, i > 0 ? "," : "");
		strcat(body, "{\"jsonrpc\":\"2.0\",\"method\":\"x\"}");
	}
	strcat(body, "]");
	cr_assert_eq(run(body, "2025-03-26", allow_all), 400);
	cr_assert_not_null(strstr(plan.text, "at most"));
}

/* JSON-RPC 6: each member answered on its own; notifications not at all. */
Test(protocol, batch_members, .init = setup, .fini = teardown)
{
	cr_assert_eq(run("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
	    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
	    "1,"
	    "{\"jsonrpc\":\"2.0\",\"id\":\"t\",\"method\":\"tools/call\","
	    "\"params\":{\"name\":\"get_details_mcp\",\"arguments\":"
	    "{\"restaurant_id\":1}}},"
	    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"initialize\","
	    "\"params\":{\"protocolVersion\":\"2025-03-26\"}}]",
	    "2025-03-26", allow_all), 200);
	cr_assert_eq(plan.nreplies, 5);
	cr_assert_eq(plan.replies[0].action, PROTOCOL_REPLY);
	cr_assert_eq(plan.replies[1].action, PROTOCOL_NONE);
	cr_assert_eq(error_code(2), JSONRPC_INVALID_REQUEST);
	cr_assert_eq(plan.replies[3].action, PROTOCOL_TOOL);
	cr_assert_str_eq(json_string_value(plan.replies[3].id), "t");
	cr_assert_eq(error_code(4), JSONRPC_INVALID_REQUEST,
	    "initialize must not be part of a batch");

	cr_assert_eq(run("[{\"jsonrpc\":\"2.0\",\"method\":\"a\"},"
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}]", "2025-03-26",
	    allow_all), 202, "only notifications and responses");
}

/* Rule 25: malformed tools/call params and unknown tools are -32602. */
Test(protocol, tools_call_protocol_errors, .init = setup, .fini = teardown)
{
	static const char *const bodies[] = {
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}",
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
	    "\"params\":{}}",
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
	    "\"params\":{\"name\":5}}",
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
	    "\"params\":{\"name\":\"get_details_mcp\",\"arguments\":[1]}}",
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
	    "\"params\":{\"name\":\"no_such_tool\",\"arguments\":{}}}",
	};
	json_t	*a;
	size_t	 i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		cr_assert_eq(run(bodies[i], "2025-11-25", allow_all), 200);
		cr_assert_eq(error_code(0), JSONRPC_INVALID_PARAMS, "%s",
		    bodies[i]);
	}
	a = answer(0);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(a,
	    "error"), "message")), "Unknown tool: no_such_tool");
	json_decref(a);
	cr_assert_str_eq(plan.replies[0].refused, "unknown-tool");
}

/* Rule 25 (2025-11-25): bad argument values are isError results. */
Test(protocol, tools_call_bad_arguments, .init = setup, .fini = teardown)
{
	json_t		*a, *r;
	const char	*text;

	cr_assert_eq(run("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":"
	    "\"tools/call\",\"params\":{\"name\":\"create_review_mcp\","
	    "\"arguments\":{\"restaurant_id\":1,\"user_name\":\"A\","
	    "\"rating\":9,\"review_text\":\"t\"}}}", "2025-11-25", allow_all),
	    200);
	cr_assert_eq(plan.replies[0].action, PROTOCOL_REPLY, "nothing runs");
	a = answer(0);
	r = json_object_get(a, "result");
	cr_assert(json_is_true(json_object_get(r, "isError")));
	text = json_string_value(json_object_get(json_array_get(
	    json_object_get(r, "content"), 0), "text"));
	cr_assert_str_eq(text, "Invalid arguments for create_review_mcp: "
	    "rating must be an integer from 1 to 5. Nothing was saved.");
	json_decref(a);

	/* Arguments left out are an empty object: the required ones say so. */
	run("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
	    "\"params\":{\"name\":\"get_details_mcp\"}}", "2025-11-25",
	    allow_all);
	cr_assert_not_null(strstr(plan.replies[0].text,
	    "restaurant_id is required"));
	run("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
	    "\"params\":{\"name\":\"list_restaurants_mcp\"}}", "2025-11-25",
	    allow_all);
	cr_assert_eq(plan.replies[0].action, PROTOCOL_TOOL);
}

/* A valid call is planned with its parameters; the reply comes later. */
Test(protocol, tools_call_runs, .init = setup, .fini = teardown)
{
	json_t	*data, *a, *r;

	run("{\"jsonrpc\":\"2.0\",\"id\":\"c1\",\"method\":\"tools/call\","
	    "\"params\":{\"name\":\"get_details_mcp\",\"arguments\":"
	    "{\"restaurant_id\":3}}}", "2025-06-18", allow_all);
	cr_assert_eq(plan.replies[0].action, PROTOCOL_TOOL);
	cr_assert_eq(plan.replies[0].call.tool, TOOLS_GET_DETAILS);
	cr_assert_eq(plan.replies[0].call.params[0].num, 3);
	cr_assert_null(plan.replies[0].text);

	data = json_loads("{\"restaurant\":{\"id\":3},\"reviews\":[]}", 0,
	    NULL);
	plan.replies[0].text = protocol_tool_reply(&plan.replies[0], TOOLS_OK,
	    data);
	a = answer(0);
	cr_assert_str_eq(json_string_value(json_object_get(a, "id")), "c1");
	r = json_object_get(a, "result");
	cr_assert(json_equal(json_object_get(r, "structuredContent"), data));
	json_decref(a);
	json_decref(data);
}

/* Authorization: a refused tool is a 403 and never runs; list filtered. */
Test(protocol, tools_authz, .init = setup, .fini = teardown)
{
	json_t	*a;

	cr_assert_eq(run("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
	    "\"tools/call\",\"params\":{\"name\":\"create_restaurant_mcp\","
	    "\"arguments\":{}}}", "2025-11-25", deny_writes), 403);
	cr_assert_eq(plan.replies[0].action, PROTOCOL_FORBIDDEN);
	a = answer(0);
	cr_assert_eq(json_integer_value(json_object_get(a, "id")), 3);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(a,
	    "error"), "code")), JSONRPC_SERVER_ERROR);
	json_decref(a);

	/* In a batch, one refused call stops the whole body. */
	cr_assert_eq(run("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
	    "\"tools/call\",\"params\":{\"name\":\"list_restaurants_mcp\"}},"
	    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
	    "\"params\":{\"name\":\"create_review_mcp\"}}]", "2025-03-26",
	    deny_writes), 403);

	run("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}",
	    "2025-11-25", deny_writes);
	cr_assert_null(strstr(plan.replies[0].text, "\"name\":\"create_"));
	cr_assert_not_null(strstr(plan.replies[0].text,
	    "\"name\":\"list_restaurants_mcp\""));
}
