/*
 * expect.c: every expect form of docs/scenarios.md "Assertions" against
 * canned responses, passing and failing, and what a failure reports.
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "expect.h"
#include "redact.h"
#include "scenario.h"

static struct scenario	s;
static struct outcome	o;
static struct vars	vs;
static struct buf	why;
static const char	*action = "get /";

static void
setup(void)
{
	char	err[128];

	outcome_init(&o);
	vars_init(&vs);
	buf_init(&why);
	memset(&s, 0, sizeof(s));
	action = "get /";
	cr_assert_eq(vars_set(&vs, "base", "http://h:1", err, sizeof(err)),
	    0);
}

static void
teardown(void)
{
	scenario_free(&s);
	outcome_free(&o);
	vars_free(&vs);
	buf_free(&why);
	redact_clear();
}

TestSuite(expect, .init = setup, .fini = teardown);

static void
respond(long status, const char *ctype, const char *body)
{
	outcome_free(&o);
	outcome_init(&o);
	o.resp.status = status;
	if (ctype != NULL)
		http_response_add_header(&o.resp, "Content-Type", 12, ctype,
		    strlen(ctype));
	buf_appends(&o.resp.body, body);
}

static void
header(const char *name, const char *value)
{
	http_response_add_header(&o.resp, name, strlen(name), value,
	    strlen(value));
}

/* Parse "expect LINE" in a one-step case and check it. */
static int
check(const char *line)
{
	char	text[1024];

	scenario_free(&s);
	snprintf(text, sizeof(text), "id S1\ntitle t\ngroup S\nstep x\n"
	    "%s\nexpect %s\n", action, line);
	cr_assert_eq(scenario_parse(&s, "s/S1-x.scn", text, strlen(text)),
	    0, "%s", s.error);
	buf_reset(&why);
	return (expect_check(&s.steps[0].expects[0], &o, &vs, &why));
}

#define PASS(l)	cr_assert(check(l), "expect %s: %s", l, buf_str(&why))
#define FAIL(l, got)	do {						\
	cr_assert(!check(l), "expect %s passed", l);			\
	cr_assert(strstr(buf_str(&why), got) != NULL,			\
	    "expect %s: report '%s' lacks '%s'", l, buf_str(&why), got);\
} while (0)

Test(expect, status)
{
	respond(401, NULL, "");
	PASS("status 401");
	PASS("status 400|401|403");
	FAIL("status 200", "got status 401");
	respond(500, "text/plain", "boom");
	FAIL("status 200", "got status 500, body 'boom'");
}

Test(expect, headers)
{
	respond(303, NULL, "");
	header("Location", "/restaurants/7");
	header("Set-Cookie", "a=1");
	header("set-cookie", "b=2");
	PASS("header location = /restaurants/7");
	PASS("header LOCATION ~ /restaurants/");
	PASS("header location !~ http");
	PASS("header location exists");
	PASS("header www-authenticate absent");
	PASS("header x-missing !~ anything");
	PASS("header set-cookie = a=1");
	FAIL("header location = /restaurants/8", "got '/restaurants/7'");
	FAIL("header www-authenticate exists", "got none");
	FAIL("header location absent", "got '/restaurants/7'");
	FAIL("header location = {base}/restaurants/7", "got '/restaurants/7'");
}

Test(expect, body)
{
	respond(200, "text/html", "<h1>Reviews</h1>");
	PASS("body ~ <h1>Reviews");
	PASS("body !~ Traceback");
	PASS("body = <h1>Reviews</h1>");
	FAIL("body empty", "got '<h1>Reviews</h1>'");
	FAIL("body ~ Error", "got");
	respond(202, NULL, "");
	PASS("body empty");
}

Test(expect, json_values_and_types)
{
	respond(200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":1,"
	    "\"result\":{\"tools\":[{\"name\":\"a\"},{\"name\":\"b\"}],"
	    "\"n\":1.5,\"s\":\"7\",\"isError\":false,\"z\":null}}");
	PASS("json id = 1");
	FAIL("json id = \"1\"", "got 1");
	FAIL("json id = 1.0", "got 1");
	PASS("json id != 2");
	PASS("json result.s = \"7\"");
	PASS("json result.z = null");
	PASS("json result.isError = false");
	PASS("json result.tools[0] = {\"name\":\"a\"}");
	PASS("json result.tools count 2");
	FAIL("json result.tools count 4", "got 2 elements");
	PASS("json result.tools[*].name contains \"b\"");
	FAIL("json result.tools[*].name contains \"c\"", "got [\"a\",\"b\"]");
	PASS("json result.tools[*].name count 2");
	PASS("json result.error absent");
	PASS("json result.tools[*].missing absent");
	PASS("json error absent");
	FAIL("json error exists", "got absent");
	PASS("json result.tools exists");
	PASS("json result.s ~ 7");
	FAIL("json id ~ 1", "got 1");
	PASS("json result.missing !~ x");
	PASS("json id type integer");
	PASS("json id type number");
	PASS("json result.n type number");
	FAIL("json result.n type integer", "got a number");
	PASS("json result type object");
	PASS("json result.tools type array");
	PASS("json result.z type null");
	PASS("json result.isError type boolean");
	FAIL("json result.s type integer", "got a string");
	PASS("json . count 3");
	FAIL("json a..b exists", "empty name in path");
}

Test(expect, json_from_event_stream)
{
	respond(200, "text/event-stream", "event: message\r\ndata: "
	    "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}\r\n\r\n");
	PASS("json id = 2");
	PASS("json result count 0");
	respond(200, "text/event-stream; charset=utf-8",
	    "event: message\ndata: {\"id\":3}\n");
	FAIL("json id = 3", "no complete 'message' event");
	respond(200, "text/event-stream", "data: not json\n\n");
	FAIL("json id exists", "data is not JSON");
}

Test(expect, json_needs_a_json_body)
{
	respond(404, "text/html", "<html>nope</html>");
	FAIL("json id = 1", "the body is not JSON (content-type text/html): "
	    "'<html>nope</html>'");
}

Test(expect, json_literal_with_a_variable)
{
	char	err[128];

	respond(200, "application/json", "{\"r\":42,\"url\":\"http://h:1/x\"}");
	cr_assert_eq(vars_set(&vs, "rid", "42", err, sizeof(err)), 0);
	PASS("json r = {rid}");
	PASS("json url = \"{base}/x\"");
	FAIL("json r = {nothing}", "unknown variable {nothing}");
}

Test(expect, challenge)
{
	respond(401, NULL, "");
	header("WWW-Authenticate", "Bearer realm=\"h\", error=\"invalid_token\""
	    ", resource_metadata=\"http://h:1/.well-known/"
	    "oauth-protected-resource/mcp/mcp\"");
	PASS("challenge error = invalid_token");
	PASS("challenge resource_metadata = {base}/.well-known/"
	    "oauth-protected-resource/mcp/mcp");
	PASS("challenge realm ~ h");
	PASS("challenge scope absent");
	PASS("challenge error_description !~ secret");
	FAIL("challenge error = insufficient_scope", "got 'invalid_token'");
	FAIL("challenge scope exists", "got none");

	respond(401, NULL, "");
	header("WWW-Authenticate", "Basic realm=\"x\"");
	FAIL("challenge error absent", "no Bearer challenge "
	    "(WWW-Authenticate: 'Basic realm=\"x\"')");
	respond(401, NULL, "");
	header("WWW-Authenticate", "Bearer error=\"a\", error=\"b\"");
	FAIL("challenge error = a", "appears twice");
	respond(401, NULL, "");
	FAIL("challenge error absent", "WWW-Authenticate: none");
}

Test(expect, failures_never_show_tokens)
{
	const char	*jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";

	respond(200, "application/json", "{\"token\":\"secret-value-123\","
	    "\"echo\":\"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\"}");
	redact_add("secret-value-123");
	FAIL("status 401", "<redacted>");
	cr_assert(strstr(buf_str(&why), "secret-value-123") == NULL);
	cr_assert(strstr(buf_str(&why), jwt) == NULL);
	FAIL("json token = \"x\"", "got \"<redacted>\"");
}

Test(expect, a_secret_cut_by_the_limit_is_still_hidden)
{
	char	body[1200];

	/* The cut at 400 bytes falls inside the secret. */
	redact_add("client-secret-value-123456");
	memset(body, 'a', 390);
	snprintf(body + 390, sizeof(body) - 390, " client-secret-value-123456"
	    " and more text after it");
	respond(500, "text/plain", body);
	FAIL("status 200", "got status 500");
	cr_assert(strstr(buf_str(&why), "client-") == NULL, "%s",
	    buf_str(&why));
}

Test(expect, long_bodies_are_cut)
{
	char	body[2000];

	memset(body, 'a', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	respond(500, "text/plain", body);
	FAIL("status 200", "... (1599 more bytes)");
}

Test(expect, captures)
{
	struct scn_capture	c;
	struct buf		v;
	char			err[256];

	buf_init(&v);
	respond(200, "application/json", "{\"result\":{\"structuredContent\":"
	    "{\"id\":12,\"name\":\"Zoe\",\"tags\":[1]}}}");
	header("Location", "/r/12");
	memset(&c, 0, sizeof(c));
	c.name = "x";
	c.from = SCN_CAP_JSON;
	c.source = "result.structuredContent.id";
	cr_assert_eq(expect_capture(&c, NULL, &o, &v, err, sizeof(err)), 0);
	cr_assert_str_eq(buf_str(&v), "12");
	c.source = "result.structuredContent.name";
	cr_assert_eq(expect_capture(&c, NULL, &o, &v, err, sizeof(err)), 0);
	cr_assert_str_eq(buf_str(&v), "Zoe", "strings without quotes");
	c.source = "result.structuredContent.tags";
	cr_assert_eq(expect_capture(&c, NULL, &o, &v, err, sizeof(err)), 0);
	cr_assert_str_eq(buf_str(&v), "[1]");
	c.source = "result.nothing";
	cr_assert_eq(expect_capture(&c, NULL, &o, &v, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "capture x: nothing at result.nothing");
	c.from = SCN_CAP_HEADER;
	c.source = "location";
	cr_assert_eq(expect_capture(&c, NULL, &o, &v, err, sizeof(err)), 0);
	cr_assert_str_eq(buf_str(&v), "/r/12");
	c.source = "x-none";
	cr_assert_eq(expect_capture(&c, NULL, &o, &v, err, sizeof(err)), -1);
	buf_free(&v);
}

/* capture ... ~ REGEX: the first group's match, or the whole match. */
Test(expect, regex_captures)
{
	struct scn_capture	c;
	struct buf		v;
	char			err[256];

	buf_init(&v);
	respond(303, "text/html", "<p>Saved as restaurant 41.</p>");
	header("Location", "/details/41");
	memset(&c, 0, sizeof(c));
	c.name = "rid";
	c.from = SCN_CAP_HEADER;
	c.source = "location";
	cr_assert_eq(expect_capture(&c, "^/details/([0-9]+)$", &o, &v, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(buf_str(&v), "41");
	cr_assert_eq(expect_capture(&c, "[0-9]+", &o, &v, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(buf_str(&v), "41", "no group: the whole match");
	cr_assert_eq(expect_capture(&c, "^/review/([0-9]+)", &o, &v, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "capture rid: '^/review/([0-9]+)' does not "
	    "match '/details/41'");
	c.from = SCN_CAP_BODY;
	c.source = NULL;
	cr_assert_eq(expect_capture(&c, "restaurant ([0-9]+)\\.", &o, &v,
	    err, sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(buf_str(&v), "41");
	/* An optional group that took no part: nothing to capture. */
	cr_assert_eq(expect_capture(&c, "Saved(x)?", &o, &v, err,
	    sizeof(err)), -1);
	/* JSON values are matched as their text. */
	respond(200, "application/json", "{\"url\":\"https://h/r/7?x=1\"}");
	c.from = SCN_CAP_JSON;
	c.source = "url";
	cr_assert_eq(expect_capture(&c, "/r/([0-9]+)", &o, &v, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(buf_str(&v), "7");
	buf_free(&v);
}

/* expect client ...: how a client step's action ended. */
Test(expect, client_outcomes)
{
	action = "client connect";
	o.client = 1;
	o.client_fail = MCPC_OK;
	o.client_status = 200;
	PASS("client ok");
	PASS("client status 200|202");
	FAIL("client error ~ 401", "the client succeeded");
	o.client_fail = MCPC_HTTP;
	o.client_status = 401;
	buf_appends(&o.client_error, "initialize: 401 Unauthorized: Bearer "
	    "error=invalid_token");
	FAIL("client ok", "the client failed (http): initialize: 401 "
	    "Unauthorized: Bearer error=invalid_token");
	PASS("client error ~ 401 Unauthorized");
	PASS("client error ~ error=invalid_token");
	FAIL("client error ~ 403", "got 'initialize: 401 Unauthorized: "
	    "Bearer error=invalid_token'");
	PASS("client status 401");
	FAIL("client status 403", "the client's last answer was 401");
}

/* expect diagnosis: the text the runner put in the outcome. */
Test(expect, diagnosis_text)
{
	FAIL("diagnosis ~ caller", "got none");
	PASS("diagnosis !~ caller");
	buf_appends(&o.diagnosis, "valid token refused with 403: caller not "
	    "in allowedClientApplications\nthe token's client id ...");
	PASS("diagnosis ~ caller not in allowedClientApplications");
	PASS("diagnosis ~ the token's client id");
	FAIL("diagnosis !~ refused with 403", "got 'valid token refused");
}
