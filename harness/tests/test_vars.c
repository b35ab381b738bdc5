/*
 * vars.c: {variables} and captures (docs/scenarios.md "Requests").
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "vars.h"

static struct vars	vs;
static struct buf	out;
static char		err[256];

static void
setup(void)
{
	vars_init(&vs);
	buf_init(&out);
	cr_assert_eq(vars_set(&vs, "base", "http://127.0.0.1:8000", err,
	    sizeof(err)), 0);
	cr_assert_eq(vars_set(&vs, "run", "a1b2c3", err, sizeof(err)), 0);
	cr_assert_eq(vars_set(&vs, "tenant", NULL, err, sizeof(err)), 0);
}

static void
done(void)
{
	vars_free(&vs);
	buf_free(&out);
}

TestSuite(vars, .init = setup, .fini = done);

static const char *
expand(const char *text)
{
	cr_assert_eq(vars_expand(&vs, text, &out, err, sizeof(err)), 0,
	    "%s: %s", text, err);
	return (buf_str(&out));
}

Test(vars, builtins_and_escape)
{
	cr_assert_str_eq(expand("{base}/x?r={run}"),
	    "http://127.0.0.1:8000/x?r=a1b2c3");
	cr_assert_str_eq(expand("{{base}"), "{base}");
	cr_assert_str_eq(expand("{{{run}"), "{a1b2c3");
	cr_assert_str_eq(expand(""), "");
}

Test(vars, json_braces_are_literal)
{
	cr_assert_str_eq(expand("{\"a\":{},\"b\":{\"c\":[{ }]}}"),
	    "{\"a\":{},\"b\":{\"c\":[{ }]}}");
	cr_assert_str_eq(expand("{\"name\":\"r-{run}\"}"),
	    "{\"name\":\"r-a1b2c3\"}");
	cr_assert_str_eq(expand("{ base } {-x} {9a}"), "{ base } {-x} {9a}");
}

Test(vars, captures_replace_and_add)
{
	cr_assert_eq(vars_set(&vs, "rid", "42", err, sizeof(err)), 0);
	cr_assert_str_eq(expand("{\"restaurant_id\":{rid}}"),
	    "{\"restaurant_id\":42}");
	cr_assert_eq(vars_set(&vs, "rid", "43", err, sizeof(err)), 0);
	cr_assert_str_eq(expand("{rid}"), "43");
	cr_assert_eq(vs.n, 4);
}

Test(vars, unknown_and_unset_fail)
{
	cr_assert_eq(vars_expand(&vs, "x {bsae} y", &out, err, sizeof(err)),
	    -1);
	cr_assert_str_eq(err, "unknown variable {bsae} (write {{ for a "
	    "literal {)");
	cr_assert_eq(vars_expand(&vs, "{tenant}", &out, err, sizeof(err)),
	    -1);
	cr_assert(strstr(err, "{tenant} has no value here") != NULL);
}

Test(vars, names_and_bounds)
{
	char	name[VAR_NAME_MAX + 1];
	int	i;

	cr_assert(vars_name_ok("rid_2"));
	cr_assert(!vars_name_ok("2rid"));
	cr_assert(!vars_name_ok("r-id"));
	cr_assert(!vars_name_ok(""));
	memset(name, 'a', VAR_NAME_MAX);
	name[VAR_NAME_MAX] = '\0';
	cr_assert(!vars_name_ok(name));
	cr_assert_eq(vars_set(&vs, "bad-name", "x", err, sizeof(err)), -1);
	for (i = (int)vs.n; i < VARS_MAX; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		cr_assert_eq(vars_set(&vs, name, "x", err, sizeof(err)), 0);
	}
	cr_assert_eq(vars_set(&vs, "onemore", "x", err, sizeof(err)), -1);
	cr_assert(vars_has_ref("a {rid} b"));
	cr_assert(!vars_has_ref("a {{rid} b {\"x\":1}"));
}
