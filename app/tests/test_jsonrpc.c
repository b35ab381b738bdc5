/*
 * jsonrpc.c: parsing with bounds, message classification and responses.
 * Rule numbers are those of the shared MCP server rules (docs/mcp.md):
 * 7 parse errors, 18 ids; JSON-RPC 2.0 section 5.1 for the codes.
 */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "jsonrpc.h"

static struct jsonrpc_fault	fault;

static int
parse_code(const char *text)
{
	json_t	*root;

	memset(&fault, 0, sizeof(fault));
	root = jsonrpc_parse(text, strlen(text), &fault);
	if (root != NULL) {
		json_decref(root);
		return (0);
	}
	return (fault.code);
}

static enum jsonrpc_kind
kind_of(const char *text, struct jsonrpc_msg *m)
{
	json_t			*root;
	enum jsonrpc_kind	 k;

	root = json_loads(text, 0, NULL);
	cr_assert_not_null(root, "test input must be JSON: %s", text);
	jsonrpc_classify(root, m);
	k = m->kind;
	json_decref(root);
	return (k);
}

/* Rule 7: not JSON -> -32700. */
Test(jsonrpc, parse_error_for_non_json)
{
	cr_assert_eq(parse_code(""), JSONRPC_PARSE_ERROR);
	cr_assert_str_eq(fault.msg, "Parse error: the request body is empty");
	cr_assert_eq(parse_code("{"), JSONRPC_PARSE_ERROR);
	cr_assert_eq(parse_code("{\"jsonrpc\":\"2.0\",}"), JSONRPC_PARSE_ERROR);
	cr_assert_eq(parse_code("{} {}"), JSONRPC_PARSE_ERROR, "trailing data");
	cr_assert_eq(parse_code("{\"a\":\"\xff\"}"), JSONRPC_PARSE_ERROR,
	    "invalid UTF-8");
	cr_assert(strncmp(fault.msg, "Parse error: ", 13) == 0);
}

/* A parse error quotes the input: only printable ASCII comes back. */
Test(jsonrpc, parse_error_message_is_ascii)
{
	const unsigned char	*p;

	cr_assert_eq(parse_code("\x01\xc3\xa9garbage"), JSONRPC_PARSE_ERROR);
	for (p = (const unsigned char *)fault.msg; *p != '\0'; p++)
		cr_assert(*p >= 0x20 && *p < 0x7f, "byte %02x in %s", *p,
		    fault.msg);
}

/* Rule 7: JSON that is not a message object or batch -> -32600. */
Test(jsonrpc, invalid_request_for_scalars)
{
	cr_assert_eq(parse_code("42"), JSONRPC_INVALID_REQUEST);
	cr_assert_eq(parse_code("\"ping\""), JSONRPC_INVALID_REQUEST);
	cr_assert_eq(parse_code("null"), JSONRPC_INVALID_REQUEST);
	cr_assert_eq(parse_code("true"), JSONRPC_INVALID_REQUEST);
	cr_assert_eq(parse_code("{}"), 0);
	cr_assert_eq(parse_code("[]"), 0, "empty batch is judged later");
}

/* Two members with one name mean different things to different parsers. */
Test(jsonrpc, duplicate_member_names_refused)
{
	cr_assert_eq(parse_code("{\"jsonrpc\":\"2.0\",\"id\":1,"
	    "\"method\":\"ping\",\"method\":\"tools/call\"}"),
	    JSONRPC_INVALID_REQUEST);
	cr_assert_str_eq(fault.msg, "Invalid Request: an object has the "
	    "same member name twice");
}

Test(jsonrpc, integer_overflow_refused)
{
	cr_assert_eq(parse_code("{\"id\":123456789012345678901234567890}"),
	    JSONRPC_INVALID_REQUEST);
}

/* Depth bound: JSONRPC_DEPTH_MAX levels pass, one more does not. */
Test(jsonrpc, depth_bound)
{
	char	buf[4 * JSONRPC_DEPTH_MAX + 16];
	int	i, n;

	for (n = 0, i = 0; i < JSONRPC_DEPTH_MAX; i++)
		buf[n++] = '[';
	for (i = 0; i < JSONRPC_DEPTH_MAX; i++)
		buf[n++] = ']';
	buf[n] = '\0';
	cr_assert_eq(parse_code(buf), 0);

	memmove(buf + 1, buf, (size_t)n + 1);
	buf[0] = '[';
	strcat(buf, "]");
	cr_assert_eq(parse_code(buf), JSONRPC_INVALID_REQUEST);
	cr_assert(strstr(fault.msg, "nested deeper") != NULL);
}

/* Brackets inside strings (and escaped quotes) do not count. */
Test(jsonrpc, depth_ignores_strings)
{
	char	s[256];
	int	i;

	strcpy(s, "{\"a\":\"\\\"");
	for (i = 0; i < 100; i++)
		strcat(s, "[");
	strcat(s, "\"}");
	cr_assert_eq(jsonrpc_depth(s, strlen(s), 2), 0);
	cr_assert_eq(parse_code(s), 0);
	cr_assert_eq(jsonrpc_depth("[[[", 3, 2), -1);
}

Test(jsonrpc, classify_request_notification_response)
{
	struct jsonrpc_msg	m;

	cr_assert_eq(kind_of("{\"jsonrpc\":\"2.0\",\"id\":1,"
	    "\"method\":\"ping\"}", &m), JSONRPC_REQUEST);
	cr_assert_eq(kind_of("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":"
	    "\"tools/list\",\"params\":{}}", &m), JSONRPC_REQUEST);
	cr_assert_eq(kind_of("{\"jsonrpc\":\"2.0\",\"method\":"
	    "\"notifications/initialized\"}", &m), JSONRPC_NOTIFICATION);
	cr_assert_null(m.id);
	cr_assert_eq(kind_of("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}",
	    &m), JSONRPC_RESPONSE);
	cr_assert_eq(kind_of("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":"
	    "{\"code\":-32700,\"message\":\"x\"}}", &m), JSONRPC_RESPONSE);
	cr_assert_eq(kind_of("{\"jsonrpc\":\"2.0\",\"id\":1,"
	    "\"method\":\"ping\",\"params\":null}", &m), JSONRPC_REQUEST,
	    "null params: none");
	cr_assert_null(m.params);
}

/* Rule 7 and 18: what is not a JSON-RPC 2.0 message, and why. */
Test(jsonrpc, classify_invalid)
{
	static const struct {
		const char	*text;
		const char	*why;
	} cases[] = {
		{ "[]", "a message must be a JSON object" },
		{ "{\"id\":1,\"method\":\"ping\"}", "jsonrpc must be \"2.0\"" },
		{ "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
		    "jsonrpc must be \"2.0\"" },
		{ "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}",
		    "jsonrpc must be \"2.0\"" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}",
		    "method must be a string" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
		    "id must be a string or an integer" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}",
		    "id must be a string or an integer" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
		    "id must be a string or an integer" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
		    "id must be a string or an integer" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\","
		    "\"params\":5}", "params must be an object" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\","
		    "\"result\":{}}",
		    "a request cannot carry result or error" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1}", "method is required" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":1,\"error\":{}}",
		    "a response carries result or error, not both" },
		{ "{\"jsonrpc\":\"2.0\",\"result\":{}}",
		    "id must be a string or an integer" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":\"x\","
		    "\"message\":\"m\"}}", "error must be an object with an "
		    "integer code and a string message" },
	};
	struct jsonrpc_msg	m;
	char			want[JSONRPC_MSG_MAX];
	size_t			i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(kind_of(cases[i].text, &m), JSONRPC_INVALID,
		    "%s", cases[i].text);
		cr_assert_eq(m.fault.code, JSONRPC_INVALID_REQUEST);
		snprintf(want, sizeof(want), "Invalid Request: %s",
		    cases[i].why);
		cr_assert_str_eq(m.fault.msg, want, "%s", cases[i].text);
	}
}

/* An invalid message with a readable id still gets its id back. */
Test(jsonrpc, invalid_keeps_readable_id)
{
	struct jsonrpc_msg	m;
	json_t			*root;
	char			*s;

	root = json_loads("{\"jsonrpc\":\"2.0\",\"id\":\"x7\",\"method\":3}",
	    0, NULL);
	jsonrpc_classify(root, &m);
	cr_assert_eq(m.kind, JSONRPC_INVALID);
	s = jsonrpc_error(m.id, m.fault.code, m.fault.msg);
	cr_assert_str_eq(s, "{\"jsonrpc\":\"2.0\",\"id\":\"x7\",\"error\":"
	    "{\"code\":-32600,\"message\":\"Invalid Request: method must be a "
	    "string\"}}");
	free(s);
	json_decref(root);
}

/* Rule 18: the id comes back with its exact type and value. */
Test(jsonrpc, ids_echoed_with_type)
{
	json_t	*id;
	char	*s;

	id = json_string("7");
	s = jsonrpc_result(id, json_object());
	cr_assert_str_eq(s, "{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"result\":{}}");
	free(s);
	json_decref(id);

	id = json_integer(7);
	s = jsonrpc_result_raw(id, "{}");
	cr_assert_str_eq(s, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}");
	free(s);
	json_decref(id);

	/* Beyond 2^53: an integer, not a rounded double. */
	id = json_integer(9007199254740993LL);
	s = jsonrpc_result_raw(id, "{}");
	cr_assert_str_eq(s, "{\"jsonrpc\":\"2.0\",\"id\":9007199254740993,"
	    "\"result\":{}}");
	free(s);
	json_decref(id);

	s = jsonrpc_error(NULL, JSONRPC_PARSE_ERROR, "Parse error");
	cr_assert_str_eq(s, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":"
	    "{\"code\":-32700,\"message\":\"Parse error\"}}");
	free(s);
}

Test(jsonrpc, quote_is_bounded_ascii)
{
	char	out[JSONRPC_MSG_MAX], in[200];

	jsonrpc_quote(out, sizeof(out), "a\nb\xc3\xa9");
	cr_assert_str_eq(out, "a?b??");

	memset(in, 'x', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	jsonrpc_quote(out, sizeof(out), in);
	cr_assert_eq(strlen(out), JSONRPC_QUOTE_MAX);
	cr_assert_str_eq(out + JSONRPC_QUOTE_MAX - 3, "...");
}
