/*
 * jpath.c: the JSON paths of docs/scenarios.md "Assertions".
 */

#include <criterion/criterion.h>

#include <string.h>

#include <jansson.h>

#include "jpath.h"

static json_t	*doc;

static void
setup(void)
{
	doc = json_loads("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":["
	    "{\"name\":\"list_restaurants_mcp\",\"annotations\":"
	    "{\"readOnlyHint\":true}},"
	    "{\"name\":\"get_details_mcp\"},"
	    "{\"name\":\"create_review_mcp\"}],"
	    "\"_meta\":{\"io.modelcontextprotocol/x\":\"dots\"}}}", 0, NULL);
	cr_assert_not_null(doc);
}

static void
teardown(void)
{
	json_decref(doc);
}

TestSuite(jpath, .init = setup, .fini = teardown);

/* The compact JSON at path, "absent" when nothing matches. */
static char *
at(const char *path)
{
	static char	 out[512];
	json_t		*v;
	char		*s, err[128];
	int		 wild;

	cr_assert_eq(jpath_eval(doc, path, &v, &wild, err, sizeof(err)), 0,
	    "%s: %s", path, err);
	if (v == NULL)
		return (strcpy(out, "absent"));
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	snprintf(out, sizeof(out), "%s", s);
	free(s);
	json_decref(v);
	return (out);
}

Test(jpath, members_and_indexes)
{
	cr_assert_str_eq(at("id"), "7");
	cr_assert_str_eq(at(".id"), "7");
	cr_assert_str_eq(at("result.tools[1].name"), "\"get_details_mcp\"");
	cr_assert_str_eq(at("result.tools[-1].name"), "\"create_review_mcp\"");
	cr_assert_str_eq(at("result.tools[0].annotations.readOnlyHint"),
	    "true");
	cr_assert_str_eq(at("result[\"_meta\"][\"io.modelcontextprotocol/x\"]"),
	    "\"dots\"");
}

Test(jpath, root)
{
	cr_assert(strncmp(at("."), "{\"jsonrpc\"", 10) == 0);
}

Test(jpath, missing_is_absent_not_an_error)
{
	cr_assert_str_eq(at("error"), "absent");
	cr_assert_str_eq(at("result.tools[3]"), "absent");
	cr_assert_str_eq(at("result.tools[-4]"), "absent");
	cr_assert_str_eq(at("id.x"), "absent");
	cr_assert_str_eq(at("result.tools.name"), "absent");
	cr_assert_str_eq(at("jsonrpc[0]"), "absent");
}

Test(jpath, wildcard_collects)
{
	cr_assert_str_eq(at("result.tools[*].name"), "[\"list_restaurants_mcp\","
	    "\"get_details_mcp\",\"create_review_mcp\"]");
	/* Members that are missing are skipped. */
	cr_assert_str_eq(at("result.tools[*].annotations.readOnlyHint"),
	    "[true]");
	cr_assert_str_eq(at("result.tools[*].nothing"), "[]");
	cr_assert_str_eq(at("result._meta[*]"), "[\"dots\"]");
	cr_assert_str_eq(at("id[*]"), "[]");
}

Test(jpath, bad_paths_are_errors)
{
	static const char	*bad[] = { "a..b", "a[", "a[x]", "a[\"b]",
				    "a.", "[1", "a[1]b" };
	json_t			*v;
	char			 err[128];
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(jpath_eval(doc, bad[i], &v, NULL, err,
		    sizeof(err)), -1, "%s accepted", bad[i]);
}
