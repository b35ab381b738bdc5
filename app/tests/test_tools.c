/*
 * tools.c: the four tools' definitions, argument validation and result
 * shapes. Rule numbers are those of the shared MCP server rules
 * (docs/mcp.md): 22-23 definitions, 24 results, 25 tool errors.
 */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "tools.h"

static char	 err[TOOLS_ERR_MAX];
static json_t	*held;		/* the arguments a call's strings point into */

static void
setup(void)
{
	cr_assert_eq(tools_init(), 0);
}

static void
teardown(void)
{
	json_decref(held);
	held = NULL;
}

static json_t *
list_json(void)
{
	json_t	*root;
	char	*s;

	s = tools_list(NULL, NULL);
	root = json_loads(s, 0, NULL);
	cr_assert_not_null(root, "tools_list is not JSON: %s", s);
	free(s);
	return (root);
}

static json_t *
tool_def(json_t *list, const char *name)
{
	json_t	*t;
	size_t	 i;

	json_array_foreach(json_object_get(list, "tools"), i, t) {
		if (strcmp(json_string_value(json_object_get(t, "name")),
		    name) == 0)
			return (t);
	}
	cr_assert_fail("no tool %s", name);
	return (NULL);
}

static json_int_t
schema_int(json_t *def, const char *prop, const char *key)
{
	json_t	*v;

	v = json_object_get(json_object_get(json_object_get(
	    json_object_get(def, "inputSchema"), "properties"), prop), key);
	cr_assert(json_is_integer(v), "%s.%s", prop, key);
	return (json_integer_value(v));
}

static int
prepare(int tool, const char *args, struct tools_call *call)
{
	json_t	*a;
	int	 rc;

	a = json_loads(args, 0, NULL);
	cr_assert_not_null(a, "test input must be JSON: %s", args);
	err[0] = '\0';
	rc = tools_prepare(tool, a, call, err, sizeof(err));
	json_decref(held);
	held = a;
	return (rc);
}

static int
deny_writes(void *arg, const char *name)
{
	(void)arg;
	return (strncmp(name, "create_", 7) != 0);
}

/* Rule 22: names of the FastMCP sample, each with everything a model needs. */
Test(tools, definitions, .init = setup, .fini = teardown)
{
	static const char *const names[] = { "list_restaurants_mcp",
	    "get_details_mcp", "create_review_mcp", "create_restaurant_mcp" };
	json_t		*list, *t, *in, *out;
	const char	*n;
	size_t		 i, j;

	list = list_json();
	cr_assert_eq(json_array_size(json_object_get(list, "tools")), 4);
	for (i = 0; i < 4; i++) {
		t = tool_def(list, names[i]);
		n = json_string_value(json_object_get(t, "name"));
		cr_assert(strlen(n) >= 1 && strlen(n) <= 128);
		for (j = 0; n[j] != '\0'; j++)
			cr_assert(strchr("abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", n[j]));
		cr_assert(json_string_length(json_object_get(t, "title")) > 0);
		cr_assert(json_string_length(json_object_get(t,
		    "description")) > 40, "%s: a description a model can use",
		    n);
		in = json_object_get(t, "inputSchema");
		cr_assert_str_eq(json_string_value(json_object_get(in, "type")),
		    "object");
		cr_assert(json_is_false(json_object_get(in,
		    "additionalProperties")));
		out = json_object_get(t, "outputSchema");
		cr_assert_str_eq(json_string_value(json_object_get(out,
		    "type")), "object", "rule 22: outputSchema root is object");
		cr_assert_eq(tools_find(n), (int)i);
	}
	cr_assert_eq(tools_find("List_restaurants_mcp"), -1, "case matters");
	cr_assert_eq(tools_find("get_details"), -1);
	json_decref(list);
}

/* Limits in the schemas are model.h's, so both sides agree. */
Test(tools, schema_limits_match_model, .init = setup, .fini = teardown)
{
	json_t	*list, *t, *req;

	list = list_json();
	t = tool_def(list, "create_review_mcp");
	cr_assert_eq(schema_int(t, "rating", "minimum"), MODEL_RATING_MIN);
	cr_assert_eq(schema_int(t, "rating", "maximum"), MODEL_RATING_MAX);
	cr_assert_eq(schema_int(t, "user_name", "maxLength"), MODEL_USER_MAX);
	cr_assert_eq(schema_int(t, "review_text", "maxLength"),
	    MODEL_TEXT_MAX);
	cr_assert_eq(schema_int(t, "restaurant_id", "minimum"), 1);
	cr_assert_eq(schema_int(t, "restaurant_id", "maximum"), MODEL_ID_MAX);
	req = json_object_get(json_object_get(t, "inputSchema"), "required");
	cr_assert_eq(json_array_size(req), 4);

	t = tool_def(list, "create_restaurant_mcp");
	cr_assert_eq(schema_int(t, "restaurant_name", "maxLength"),
	    MODEL_NAME_MAX);
	cr_assert_eq(schema_int(t, "street_address", "maxLength"),
	    MODEL_ADDRESS_MAX);
	cr_assert_eq(schema_int(t, "description", "maxLength"),
	    MODEL_DESCRIPTION_MAX);

	t = tool_def(list, "list_restaurants_mcp");
	cr_assert_null(json_object_get(json_object_get(t, "inputSchema"),
	    "required"), "no arguments, nothing required");
	json_decref(list);
}

/* Rule 23: reads are read-only and idempotent; writes neither. */
Test(tools, annotations, .init = setup, .fini = teardown)
{
	static const struct {
		const char	*name;
		int		 reads;
	} cases[] = { { "list_restaurants_mcp", 1 }, { "get_details_mcp", 1 },
	    { "create_review_mcp", 0 }, { "create_restaurant_mcp", 0 } };
	json_t	*list, *a;
	size_t	 i;

	list = list_json();
	for (i = 0; i < 4; i++) {
		a = json_object_get(tool_def(list, cases[i].name),
		    "annotations");
		cr_assert_eq(json_is_true(json_object_get(a, "readOnlyHint")),
		    cases[i].reads, "%s", cases[i].name);
		cr_assert_eq(json_is_true(json_object_get(a,
		    "idempotentHint")), cases[i].reads);
		cr_assert(json_is_false(json_object_get(a, "destructiveHint")));
		cr_assert(json_is_false(json_object_get(a, "openWorldHint")));
	}
	json_decref(list);
}

/* tools/list shows only what authz allows. */
Test(tools, list_filtered, .init = setup, .fini = teardown)
{
	json_t	*root;
	char	*s;

	s = tools_list(deny_writes, NULL);
	root = json_loads(s, 0, NULL);
	cr_assert_eq(json_array_size(json_object_get(root, "tools")), 2);
	cr_assert_null(strstr(s, "\"name\":\"create_"));
	cr_assert_not_null(strstr(s, "\"name\":\"get_details_mcp\""));
	free(s);
	json_decref(root);
}

Test(tools, get_details_arguments, .init = setup, .fini = teardown)
{
	struct tools_call	c;

	cr_assert_eq(prepare(TOOLS_GET_DETAILS, "{\"restaurant_id\":3}", &c),
	    0);
	cr_assert_eq(c.nparams, 1);
	cr_assert_null(c.params[0].text);
	cr_assert_eq(c.params[0].num, 3);

	/* JSON Schema: 3.0 is an integer. */
	cr_assert_eq(prepare(TOOLS_GET_DETAILS, "{\"restaurant_id\":3.0}",
	    &c), 0);
	cr_assert_eq(c.params[0].num, 3);

	cr_assert_eq(prepare(TOOLS_GET_DETAILS, "{\"restaurant_id\":\"3\"}",
	    &c), -1);
	cr_assert_str_eq(err, "restaurant_id must be an integer, not a "
	    "string");
	cr_assert_eq(prepare(TOOLS_GET_DETAILS, "{\"restaurant_id\":2.5}",
	    &c), -1);
	cr_assert_str_eq(err, "restaurant_id must be an integer, not a "
	    "fraction");
	cr_assert_eq(prepare(TOOLS_GET_DETAILS, "{\"restaurant_id\":0}", &c),
	    -1);
	cr_assert_str_eq(err, "restaurant_id must be a positive integer");
	cr_assert_eq(prepare(TOOLS_GET_DETAILS,
	    "{\"restaurant_id\":2147483648}", &c), -1);
	cr_assert_eq(prepare(TOOLS_GET_DETAILS, "{\"restaurant_id\":1e300}",
	    &c), -1);
	cr_assert_str_eq(err, "restaurant_id must be a positive integer");
	cr_assert_eq(prepare(TOOLS_GET_DETAILS, "{}", &c), -1);
	cr_assert_str_eq(err, "restaurant_id is required");
	cr_assert_eq(prepare(TOOLS_GET_DETAILS, "{\"restaurant_id\":null}",
	    &c), -1);
	cr_assert_str_eq(err, "restaurant_id is required");
	cr_assert_eq(prepare(TOOLS_GET_DETAILS,
	    "{\"restaurant_id\":1,\"id\":1}", &c), -1);
	cr_assert_str_eq(err, "unknown argument 'id'; get_details_mcp takes "
	    "restaurant_id");
}

Test(tools, create_review_arguments, .init = setup, .fini = teardown)
{
	struct tools_call	c;

	cr_assert_eq(prepare(TOOLS_CREATE_REVIEW, "{\"restaurant_id\":2,"
	    "\"user_name\":\"Ana\",\"rating\":5,\"review_text\":\"Good.\"}",
	    &c), 0);
	/* The order of db.h's DB_REVIEW_ADD: id, user, rating, text. */
	cr_assert_eq(c.nparams, 4);
	cr_assert_eq(c.params[0].num, 2);
	cr_assert_str_eq(c.params[1].text, "Ana");
	cr_assert_eq(c.params[2].num, 5);
	cr_assert_str_eq(c.params[3].text, "Good.");
	cr_assert_eq(c.restaurant_id, 2);
}

/* Rule 25: each bad value gets model.c's message, first problem first. */
Test(tools, create_review_refusals, .init = setup, .fini = teardown)
{
	static const struct {
		const char	*args;
		const char	*err;
	} cases[] = {
		{ "{\"restaurant_id\":2,\"user_name\":\"A\",\"rating\":6,"
		    "\"review_text\":\"t\"}",
		    "rating must be an integer from 1 to 5" },
		{ "{\"restaurant_id\":2,\"user_name\":\"A\",\"rating\":0,"
		    "\"review_text\":\"t\"}",
		    "rating must be an integer from 1 to 5" },
		/* 2^32 + 3 must not wrap to 3 on the way to an int. */
		{ "{\"restaurant_id\":2,\"user_name\":\"A\",\"rating\":"
		    "4294967299,\"review_text\":\"t\"}",
		    "rating must be an integer from 1 to 5" },
		{ "{\"restaurant_id\":2,\"user_name\":\"A\",\"rating\":true,"
		    "\"review_text\":\"t\"}",
		    "rating must be an integer, not a boolean" },
		{ "{\"restaurant_id\":2,\"user_name\":\"A\",\"rating\":\"5\","
		    "\"review_text\":\"t\"}",
		    "rating must be an integer, not a string" },
		{ "{\"restaurant_id\":2,\"user_name\":7,\"rating\":5,"
		    "\"review_text\":\"t\"}",
		    "user_name must be a string, not an integer" },
		{ "{\"restaurant_id\":2,\"user_name\":\"  \",\"rating\":5,"
		    "\"review_text\":\"t\"}", "user_name is required" },
		{ "{\"restaurant_id\":2,\"rating\":5,\"review_text\":\"t\"}",
		    "user_name is required" },
		{ "{\"restaurant_id\":2,\"user_name\":\"A\",\"rating\":5}",
		    "review_text is required" },
		{ "{\"user_name\":\"A\",\"rating\":5,\"review_text\":\"t\"}",
		    "restaurant_id is required" },
		{ "{\"restaurant_id\":-4,\"user_name\":\"A\",\"rating\":5,"
		    "\"review_text\":\"t\"}",
		    "restaurant_id must be a positive integer" },
		{ "{\"restaurant_id\":2,\"user_name\":\"A\",\"rating\":5,"
		    "\"review_text\":\"t\",\"stars\":5}",
		    "unknown argument 'stars'; create_review_mcp takes "
		    "restaurant_id, user_name, rating, review_text" },
		{ "{\"restaurant_id\":2,\"user_name\":\"A\\u0007\","
		    "\"rating\":5,\"review_text\":\"t\"}",
		    "user_name must not contain control characters" },
	};
	struct tools_call	c;
	size_t			i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(prepare(TOOLS_CREATE_REVIEW, cases[i].args, &c),
		    -1, "%s", cases[i].args);
		cr_assert_str_eq(err, cases[i].err, "%s", cases[i].args);
	}
}

/* Lengths are characters (varchar(n)), as JSON Schema's maxLength. */
Test(tools, text_lengths_in_characters, .init = setup, .fini = teardown)
{
	struct tools_call	c;
	char			args[4096], text[MODEL_TEXT_MAX * 2 + 8];
	int			i;

	for (i = 0; i < MODEL_TEXT_MAX; i++)
		memcpy(text + i * 2, "\xc3\xa9", 2);
	text[MODEL_TEXT_MAX * 2] = '\0';
	snprintf(args, sizeof(args), "{\"restaurant_id\":1,\"user_name\":"
	    "\"A\",\"rating\":3,\"review_text\":\"%s\"}", text);
	cr_assert_eq(prepare(TOOLS_CREATE_REVIEW, args, &c), 0, "%s", err);

	snprintf(args, sizeof(args), "{\"restaurant_id\":1,\"user_name\":"
	    "\"A\",\"rating\":3,\"review_text\":\"%sx\"}", text);
	cr_assert_eq(prepare(TOOLS_CREATE_REVIEW, args, &c), -1);
	cr_assert_str_eq(err, "review_text must be at most 500 characters "
	    "(got 501)");
}

Test(tools, create_restaurant_arguments, .init = setup, .fini = teardown)
{
	struct tools_call	c;

	cr_assert_eq(prepare(TOOLS_CREATE_RESTAURANT, "{\"restaurant_name\":"
	    "\"N\",\"street_address\":\"S\",\"description\":\"D\"}", &c), 0);
	cr_assert_eq(c.nparams, 3);
	cr_assert_str_eq(c.params[0].text, "N");
	cr_assert_str_eq(c.params[1].text, "S");
	cr_assert_str_eq(c.params[2].text, "D");

	cr_assert_eq(prepare(TOOLS_CREATE_RESTAURANT, "{\"restaurant_name\":"
	    "\"N\",\"description\":\"D\"}", &c), -1);
	cr_assert_str_eq(err, "street_address is required");
	cr_assert_eq(prepare(TOOLS_CREATE_RESTAURANT, "{\"restaurant_name\":"
	    "\"123456789012345678901234567890123456789012345678901\","
	    "\"street_address\":\"S\",\"description\":\"D\"}", &c), -1);
	cr_assert_str_eq(err, "restaurant_name must be at most 50 characters "
	    "(got 51)");
	cr_assert_eq(prepare(TOOLS_CREATE_RESTAURANT, "{\"name\":\"N\"}", &c),
	    -1);
	cr_assert(strncmp(err, "unknown argument 'name'", 23) == 0, "%s", err);
}

Test(tools, list_takes_no_arguments, .init = setup, .fini = teardown)
{
	struct tools_call	c;

	cr_assert_eq(prepare(TOOLS_LIST_RESTAURANTS, "{}", &c), 0);
	cr_assert_eq(c.nparams, 0);
	cr_assert_eq(prepare(TOOLS_LIST_RESTAURANTS, "{\"limit\":5}", &c), -1);
	cr_assert_str_eq(err, "unknown argument 'limit': list_restaurants_mcp "
	    "takes no arguments");
	/* A hostile key comes back printable. */
	cr_assert_eq(prepare(TOOLS_LIST_RESTAURANTS, "{\"a\\nb\":1}", &c), -1);
	cr_assert_null(strchr(err, '\n'));
}

/* Rule 24 and docs/mcp.md: a list is {"result": [...]}, one block each. */
Test(tools, list_result_shape, .init = setup, .fini = teardown)
{
	struct tools_call	 c;
	json_t			*data, *r, *content, *block;

	memset(&c, 0, sizeof(c));
	c.tool = TOOLS_LIST_RESTAURANTS;
	data = json_loads("[{\"id\":1,\"name\":\"A\"},"
	    "{\"id\":2,\"name\":\"B\"}]", 0, NULL);
	r = tools_result(&c, TOOLS_OK, data);
	cr_assert(json_is_false(json_object_get(r, "isError")));
	cr_assert(json_equal(json_object_get(json_object_get(r,
	    "structuredContent"), "result"), data));
	content = json_object_get(r, "content");
	cr_assert_eq(json_array_size(content), 2);
	block = json_array_get(content, 1);
	cr_assert_str_eq(json_string_value(json_object_get(block, "type")),
	    "text");
	cr_assert_str_eq(json_string_value(json_object_get(block, "text")),
	    "{\"id\":2,\"name\":\"B\"}");
	json_decref(r);
	json_decref(data);

	data = json_array();
	r = tools_result(&c, TOOLS_OK, data);
	cr_assert_eq(json_array_size(json_object_get(r, "content")), 0,
	    "FastMCP: an empty list has no blocks");
	cr_assert_eq(json_array_size(json_object_get(json_object_get(r,
	    "structuredContent"), "result")), 0);
	json_decref(r);
	json_decref(data);
}

Test(tools, object_result_shape, .init = setup, .fini = teardown)
{
	struct tools_call	 c;
	json_t			*data, *r, *content, *parsed;

	memset(&c, 0, sizeof(c));
	c.tool = TOOLS_GET_DETAILS;
	data = json_loads("{\"restaurant\":{\"id\":1},\"reviews\":[]}", 0,
	    NULL);
	r = tools_result(&c, TOOLS_OK, data);
	cr_assert(json_equal(json_object_get(r, "structuredContent"), data));
	content = json_object_get(r, "content");
	cr_assert_eq(json_array_size(content), 1);
	parsed = json_loads(json_string_value(json_object_get(
	    json_array_get(content, 0), "text")), 0, NULL);
	cr_assert(json_equal(parsed, data), "the text block is the same JSON");
	json_decref(parsed);
	json_decref(r);

	/* A list where an object belongs is the database's fault. */
	json_decref(data);
	data = json_array();
	r = tools_result(&c, TOOLS_OK, data);
	cr_assert(json_is_true(json_object_get(r, "isError")));
	json_decref(r);
	json_decref(data);
}

/* Rule 25: not found and database failures are tool errors. */
Test(tools, failures_are_tool_errors, .init = setup, .fini = teardown)
{
	struct tools_call	 c;
	json_t			*r;
	const char		*text;

	memset(&c, 0, sizeof(c));
	c.tool = TOOLS_GET_DETAILS;
	c.restaurant_id = 42;
	r = tools_result(&c, TOOLS_NOTFOUND, NULL);
	cr_assert(json_is_true(json_object_get(r, "isError")));
	cr_assert_null(json_object_get(r, "structuredContent"));
	text = json_string_value(json_object_get(json_array_get(
	    json_object_get(r, "content"), 0), "text"));
	cr_assert_str_eq(text, "Restaurant 42 not found. Call "
	    "list_restaurants_mcp for the ids that exist.");
	json_decref(r);

	c.tool = TOOLS_CREATE_REVIEW;
	r = tools_result(&c, TOOLS_NOTFOUND, NULL);
	text = json_string_value(json_object_get(json_array_get(
	    json_object_get(r, "content"), 0), "text"));
	cr_assert(strstr(text, "so no review was saved") != NULL, "%s", text);
	json_decref(r);

	r = tools_result(&c, TOOLS_UNAVAILABLE, NULL);
	cr_assert(json_is_true(json_object_get(r, "isError")));
	json_decref(r);
	r = tools_result(&c, TOOLS_FAILED, NULL);
	cr_assert(json_is_true(json_object_get(r, "isError")));
	json_decref(r);
}

/* The hand-composed text is exactly tools_result(), serialized. */
Test(tools, result_text_equals_result, .init = setup, .fini = teardown)
{
	static const struct {
		int		 tool;
		int		 outcome;
		const char	*data;
	} cases[] = {
		{ TOOLS_LIST_RESTAURANTS, TOOLS_OK, "[]" },
		{ TOOLS_LIST_RESTAURANTS, TOOLS_OK, "[{\"id\":1,\"name\":"
		    "\"Quote \\\" back\\\\slash\",\"avg_rating\":null}]" },
		{ TOOLS_LIST_RESTAURANTS, TOOLS_OK, "[{\"id\":1,\"d\":"
		    "\"line\\nbreak\\ttab \\u0001 caf\\u00e9 \\ud83c\\udf5c\"},"
		    "{\"id\":2,\"avg_rating\":4.333333333333333}]" },
		{ TOOLS_GET_DETAILS, TOOLS_OK, "{\"restaurant\":{\"id\":1,"
		    "\"name\":\"</script>\"},\"reviews\":[{\"id\":1,"
		    "\"review_text\":\"\\\"great\\\"\"}]}" },
		{ TOOLS_CREATE_REVIEW, TOOLS_OK, "{\"id\":9,\"rating\":5}" },
		{ TOOLS_GET_DETAILS, TOOLS_OK, "[1]" },
		{ TOOLS_LIST_RESTAURANTS, TOOLS_OK, "{}" },
		{ TOOLS_GET_DETAILS, TOOLS_NOTFOUND, "null" },
		{ TOOLS_CREATE_RESTAURANT, TOOLS_UNAVAILABLE, "null" },
		{ TOOLS_CREATE_RESTAURANT, TOOLS_FAILED, "null" },
	};
	struct tools_call	 c;
	json_t			*data, *want, *got;
	char			*text;
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&c, 0, sizeof(c));
		c.tool = cases[i].tool;
		c.restaurant_id = 7;
		data = json_loads(cases[i].data, JSON_DECODE_ANY, NULL);
		cr_assert_not_null(data, "%s", cases[i].data);
		want = tools_result(&c, cases[i].outcome, data);
		text = tools_result_text(&c, cases[i].outcome, data);
		cr_assert_not_null(text);
		got = json_loads(text, 0, NULL);
		cr_assert_not_null(got, "not JSON: %s", text);
		cr_assert(json_equal(got, want), "case %zu: %s", i, text);
		json_decref(got);
		json_decref(want);
		json_decref(data);
		free(text);
	}
}
