/*
 * runner.c: steps run end to end against canned answers: a failing step
 * prints the runner's diagnosis; a step with expect diagnosis reproduces
 * a failure (it passes only when its other expectations fail and the
 * diagnosis says what it asks); client steps drive the MCP client
 * library; a regex capture feeds a later step; a GET that hangs is cut
 * by the step's timeout (docs/scenarios.md, "Diagnosis").
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "canned.h"
#include "mint.h"
#include "redact.h"
#include "runner.h"

#define CID	"61c2716c-df87-4216-bad8-d227701f4195"
#define AGENT	"1e6571b5-b522-426c-a9fa-4b16af19b4e6"

static struct settings		set;
static struct tokens		tok;
static struct http		*http;
static struct runner		run;
static struct scenario		s;
static struct case_result	res;
static struct canned		srv;
static struct buf		jwt;

/* The env token source's only variable: a token with roles. */
static const char *
fake_env(const char *name)
{
	return (strcmp(name, "T") == 0 ? buf_str(&jwt) : NULL);
}

static void
setup(void)
{
	static const char	*claims = "{\"aud\":\"" CID "\",\"iss\":"
				    "\"https://login.microsoftonline.com/t/"
				    "v2.0\",\"azp\":\"" AGENT "\",\"roles\":"
				    "[\"MCP.Access\"],\"ver\":\"2.0\","
				    "\"exp\":4102444800}";

	curl_global_init(CURL_GLOBAL_DEFAULT);
	settings_init(&set);
	set.tenant = strdup("t");
	set.client_id = strdup(CID);
	settings_defaults(&set);
	http = http_new();
	tokens_init(&tok, &set, http, fake_env);
	buf_init(&jwt);
	buf_appends(&jwt, "eyJhbGciOiJSUzI1NiJ9.");
	mint_b64url(&jwt, (const unsigned char *)claims, strlen(claims));
	buf_appends(&jwt, ".c2ln");
	memset(&s, 0, sizeof(s));
	memset(&srv, 0, sizeof(srv));
	case_result_init(&res);
}

static void
teardown(void)
{
	canned_free(&srv);
	case_result_free(&res);
	scenario_free(&s);
	runner_free(&run);
	tokens_free(&tok);
	settings_free(&set);
	http_free(http);
	buf_free(&jwt);
	redact_clear();
	curl_global_cleanup();
}

TestSuite(runner, .init = setup, .fini = teardown);

/* Serve replies, parse the case, run it against the server. */
static void
run_case(const char *text, const char *const *replies, size_t n)
{
	char	spec[128], err[256];

	canned_start(&srv, replies, n);
	cr_assert_eq(scenario_parse(&s, "s/D9-x.scn", text, strlen(text)), 0,
	    "%s", s.error);
	runner_init(&run, &set, &tok, http);
	snprintf(spec, sizeof(spec), "t=%s", srv.base);
	cr_assert_eq(runner_add_target(&run, spec, err, sizeof(err)), 0);
	/* No probe: it would take the canned answers. */
	run.targets[0].auth = SCN_AUTH_ON;
	runner_run_case(&run, &s, &res);
}

#define HAS(t)	cr_assert(strstr(buf_str(&res.detail), t) != NULL,	\
		    "lacks '%s' in:\n%s", t, buf_str(&res.detail))

#define REPRO	"id D9\ntitle t\ngroup D\nstep an allowed caller\n"	\
	"mcp tools/list\ntoken env T\nexpect status 200\n"

Test(runner, failure_gets_a_diagnosis)
{
	const char	*r[1];

	r[0] = canned_answer("403 Forbidden", NULL, "", "");
	run_case(REPRO, r, 1);
	cr_assert_eq(res.status, RESULT_FAIL);
	HAS("line 7: expect status 200\n    got status 403");
	HAS("\n  diagnosis: valid token refused with 403: caller not in "
	    "allowedClientApplications/allowedApplications\n             the "
	    "token's client id (azp) " AGENT);
	cr_assert(strstr(buf_str(&res.detail), buf_str(&jwt)) == NULL);
}

Test(runner, reproduction_passes)
{
	const char	*r[1];

	r[0] = canned_answer("403 Forbidden", NULL, "", "");
	run_case(REPRO "expect diagnosis ~ caller not in "
	    "allowedClientApplications\nexpect diagnosis !~ roles claim\n",
	    r, 1);
	cr_assert_eq(res.status, RESULT_PASS, "%s", buf_str(&res.detail));
}

Test(runner, reproduction_that_does_not_fail)
{
	const char	*r[1];

	r[0] = canned_answer("200 OK", "application/json", "",
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}");
	run_case(REPRO "expect diagnosis ~ caller\n", r, 1);
	cr_assert_eq(res.status, RESULT_FAIL);
	HAS("the step reproduces a misconfiguration (expect diagnosis), but "
	    "every expectation held");
}

Test(runner, reproduction_with_another_diagnosis)
{
	const char	*r[1];

	r[0] = canned_answer("403 Forbidden", NULL, "", "");
	run_case(REPRO "expect diagnosis ~ PRM 404\n", r, 1);
	cr_assert_eq(res.status, RESULT_FAIL);
	HAS("(reproduces a failure)\n  line 8: expect diagnosis ~ PRM 404\n"
	    "    the diagnosis does not say so\n  the failure it reproduced:\n"
	    "  s/D9-x.scn:4: step 1: an allowed caller\n    line 7: expect "
	    "status 200");
	HAS("  diagnosis: valid token refused with 403");
}

Test(runner, client_steps_and_a_clear_401)
{
	const char	*r[1];

	r[0] = canned_answer("401 Unauthorized", "application/json",
	    "WWW-Authenticate: Bearer resource_metadata=\"http://h/.well-known/"
	    "oauth-protected-resource/mcp/mcp\"\r\n", "{}");
	run_case("id D9\ntitle t\ngroup D\nstep connect\nclient connect\n"
	    "expect client status 401\nexpect client error ~ initialize: 401 "
	    "Unauthorized: Bearer resource_metadata=http://h/.well-known/\n"
	    "step then\nclient list-tools\nexpect client error ~ not "
	    "connected\n", r, 1);
	cr_assert_eq(res.status, RESULT_PASS, "%s", buf_str(&res.detail));
}

Test(runner, client_step_must_succeed_by_default)
{
	const char	*r[1];

	r[0] = canned_answer("401 Unauthorized", NULL, "", "");
	run_case("id D9\ntitle t\ngroup D\nstep connect\nclient connect\n"
	    "token env T\n", r, 1);
	cr_assert_eq(res.status, RESULT_FAIL);
	HAS("the client failed (http): initialize: 401 Unauthorized");
	HAS("diagnosis: valid token refused with 401");
}

Test(runner, regex_capture_feeds_the_next_step)
{
	const char	*r[2];

	r[0] = canned_answer("303 See Other", NULL, "Location: /details/41"
	    "\r\n", "");
	r[1] = canned_answer("200 OK", "text/html", "", "<h1>x</h1>");
	run_case("id D9\ntitle t\ngroup D\nstep add\npost /add\n"
	    "form a=b\nexpect status 303\ncapture rid header location ~ "
	    "^/details/([0-9]+)$\nstep read\nget /details/{rid}\n"
	    "expect status 200\n", r, 2);
	cr_assert_eq(res.status, RESULT_PASS, "%s", buf_str(&res.detail));
	canned_stop(&srv);
	cr_assert_eq(srv.nreqs, 2);
	cr_assert(strncmp(srv.reqs[1], "GET /details/41 HTTP/1.1\r\n", 26) ==
	    0, "%s", srv.reqs[1]);
}

Test(runner, hanging_get_is_cut_and_diagnosed)
{
	const char	*r[1] = { NULL };

	run_case("id D9\ntitle t\ngroup D\nstep GET the endpoint\n"
	    "get {mcp}\nheader Accept: text/event-stream\ntimeout 1\n"
	    "expect status 405\nexpect diagnosis ~ GET on the MCP endpoint "
	    "hanging: no answer within 1 s\n", r, 1);
	cr_assert_eq(res.status, RESULT_PASS, "%s", buf_str(&res.detail));
	cr_assert_lt(res.ms, 5000);
}
