/*
 * scenario.c: the file format of docs/scenarios.md, good files and bad
 * ones, each bad one failing with its path and line number.
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario.h"

static struct scenario	s;

static int
parse(const char *path, const char *text)
{
	return (scenario_parse(&s, path, text, strlen(text)));
}

static void
done(void)
{
	scenario_free(&s);
}

TestSuite(scenario, .fini = done);

#define HEAD	"id B5\ntitle A title\ngroup B\n"

/* Each bad[i][0], after head, must be refused with bad[i][1] said. */
static void
refused(const char *path, const char *head, const char *const (*bad)[2],
    size_t n)
{
	char	text[1024];
	size_t	i;

	for (i = 0; i < n; i++) {
		scenario_free(&s);
		snprintf(text, sizeof(text), "%s%s", head, bad[i][0]);
		cr_assert_eq(parse(path, text), -1, "%s", bad[i][0]);
		cr_assert(strstr(s.error, bad[i][1]) != NULL, "%s: %s",
		    bad[i][0], s.error);
	}
}


Test(scenario, full_case)
{
	const struct scn_step	*st;
	const struct scn_expect	*e;

	cr_assert_eq(parse("scenarios/B5-wrong-audience.scn",
	    "# comment\n"
	    "id      B5\n"
	    "title   A token for another audience is refused with 401\n"
	    "group   B\n"
	    "needs   auth on\n"
	    "tags    auth negative\n"
	    "guide   GUIDE_AUTH_MCP_SERVER.md#b5\n"
	    "why     line one\n"
	    "why     line two\n"
	    "\n"
	    "step    initialize\n"
	    "token   wrong-audience\n"
	    "mcp     initialize {\"protocolVersion\":\"2025-03-26\"}\n"
	    "header  Accept: application/json\n"
	    "expect  status 401|403\n"
	    "expect  header www-authenticate ~ Bearer\n"
	    "expect  challenge error = invalid_token\n"
	    "expect  json result.tools[*].name contains \"get_details_mcp\"\n"
	    "expect  json result.tools count 4\n"
	    "expect  json id = 1\n"
	    "expect  json result.isError absent\n"
	    "expect  json result type object\n"
	    "expect  body !~ secret\n"
	    "capture sid header mcp-session-id\n"
	    "step    second\n"
	    "post    /x\n"
	    "body <<END\n"
	    "line 1\n"
	    "# not a comment inside a body\n"
	    "END\n"), 0, "%s", s.error);
	cr_assert_str_eq(s.id, "B5");
	cr_assert_eq(s.group, 'B');
	cr_assert_eq(s.need_auth, SCN_AUTH_ON);
	cr_assert_eq(s.ntags, 2);
	cr_assert_str_eq(s.tags[1], "negative");
	cr_assert_str_eq(s.why, "line one\nline two");
	cr_assert_eq(s.nsteps, 2);
	st = &s.steps[0];
	cr_assert_eq(st->line, 11);
	cr_assert_eq(st->number, 1);
	cr_assert_eq(st->action, SCN_ACT_MCP);
	cr_assert_str_eq(st->rpc_method, "initialize");
	cr_assert_str_eq(st->rpc_params, "{\"protocolVersion\":\"2025-03-26\"}");
	cr_assert_str_eq(st->token, "wrong-audience");
	cr_assert_eq(st->nheaders, 1);
	cr_assert_str_eq(st->headers[0].name, "Accept");
	cr_assert_str_eq(st->headers[0].value, "application/json");
	cr_assert_eq(st->nexpects, 9);
	e = &st->expects[0];
	cr_assert_eq(e->what, SCN_EXP_STATUS);
	cr_assert_eq(e->nstatus, 2);
	cr_assert_eq(e->status[1], 403);
	cr_assert_eq(e->line, 15);
	e = &st->expects[2];
	cr_assert_eq(e->what, SCN_EXP_CHALLENGE);
	cr_assert_str_eq(e->subject, "error");
	cr_assert_eq(e->op, SCN_OP_EQ);
	cr_assert_str_eq(e->arg, "invalid_token");
	e = &st->expects[3];
	cr_assert_eq(e->op, SCN_OP_CONTAINS);
	cr_assert_str_eq(e->subject, "result.tools[*].name");
	cr_assert_eq(st->expects[4].count, 4);
	cr_assert_eq(st->expects[6].op, SCN_OP_ABSENT);
	cr_assert_eq(st->expects[8].op, SCN_OP_HASNT);
	cr_assert_eq(st->ncaptures, 1);
	cr_assert_eq(st->captures[0].from, SCN_CAP_HEADER);
	st = &s.steps[1];
	cr_assert_eq(st->action, SCN_ACT_HTTP);
	cr_assert_str_eq(st->method, "POST");
	cr_assert_str_eq(st->body, "line 1\n# not a comment inside a body");
}

Test(scenario, crlf_and_methods)
{
	cr_assert_eq(parse("s/B5-x.scn", HEAD
	    "step one\r\noptions /mcp/mcp\r\nexpect status 204\r\n"
	    "step two\r\nmethod PROPFIND /\r\nexpect status 405\r\n"
	    "step three\r\ndelete {mcp}\r\n"
	    "step four\r\nform a=b c\r\nform x=\r\npatch /f\r\n"), 0,
	    "%s", s.error);
	cr_assert_str_eq(s.steps[0].method, "OPTIONS");
	cr_assert_str_eq(s.steps[1].method, "PROPFIND");
	cr_assert_str_eq(s.steps[2].target, "{mcp}");
	cr_assert_eq(s.steps[3].nform, 2);
	cr_assert_str_eq(s.steps[3].form[0].value, "b c");
	cr_assert_str_eq(s.steps[3].form[1].value, "");
}

struct bad {
	const char	*text;
	const char	*error;
};

/* Every bad file names its line (the header is lines 1-3). */
static const struct bad bads[] = {
	{ HEAD "step x\nget /\nexpcet status 200\n",
	    "s/B5-x.scn:6: unknown keyword 'expcet' (did you mean 'expect'?)" },
	{ HEAD "get /\n", "s/B5-x.scn:4: 'get' before the first 'step'" },
	{ HEAD "step x\nget /\ntags late\n", "s/B5-x.scn:6: 'tags' belongs "
	    "in the case header" },
	{ HEAD "step x\nget /\nstep y\nexpect status 200\n",
	    "s/B5-x.scn:6: step 2 has no request" },
	{ HEAD "step x\nget /\nmcp ping\n", "s/B5-x.scn:6: step already "
	    "has 'request' (line 5)" },
	{ HEAD "step x\nget /\nexpect json id = abc\n", "s/B5-x.scn:6: "
	    "'abc' is not a JSON value" },
	{ HEAD "step x\nget /\nexpect json a type float\n", "s/B5-x.scn:6: "
	    "type 'float'" },
	{ HEAD "step x\nget /\nexpect status 2oo\n", "s/B5-x.scn:6: status "
	    "code '2oo'" },
	{ HEAD "step x\nget /\nexpect header x = \n\nexpect body is\n",
	    "s/B5-x.scn:8: expect body ~ TEXT" },
	{ HEAD "step x\ntoken minted aud=x\nget /\n", "s/B5-x.scn:5: token "
	    "minted signs with the local key" },
	{ HEAD "step x\nshell true\n", "s/B5-x.scn:5: shell steps run local "
	    "commands" },
	{ HEAD "step x\ntoken bogus\nget /\n", "s/B5-x.scn:5: unknown token "
	    "source 'bogus'" },
	{ HEAD "step x\npost /\nbody <<EOF\nabc\n", "s/B5-x.scn:6: body <<EOF "
	    "is never closed" },
	{ HEAD "step x\nmcp tools/call {bad\n", "s/B5-x.scn:5: mcp params "
	    "are not JSON" },
	{ HEAD "step x\nget /\ncapture base json a\n", "s/B5-x.scn:6: capture "
	    "name 'base' is a built-in" },
	{ HEAD "step x\nget /\nexpect client ok\n", "s/B5-x.scn:6: expect "
	    "client needs a client step" },
	{ HEAD "step x\nclient call\n", "s/B5-x.scn:5: client connect" },
	{ HEAD "step x\nget /\nheader Bad Name: x\n", "s/B5-x.scn:6: 'Bad "
	    "Name' is not a header name" },
	{ HEAD "needs auth on\nneeds auth off\n", "s/B5-x.scn:5: needs both "
	    "auth on and off" },
	{ HEAD "needs wifi\n", "s/B5-x.scn:4: unknown precondition 'wifi'" },
	{ HEAD "step x\nget /\nbody a\nform a=b\n", "s/B5-x.scn:4: step 1 has "
	    "both body and form" },
	{ HEAD, "s/B5-x.scn: no steps" },
	{ "title t\ngroup B\nstep x\nget /\n", "s/B5-x.scn: no 'id' line" },
	{ "id S1\ntitle t\ngroup B\nstep x\nget /\n", "s/B5-x.scn: id S1 is "
	    "not in group B" },
	{ "id B6\ntitle t\ngroup B\nstep x\nget /\n", "s/B5-x.scn: file name "
	    "must be B6-<slug>.scn" },
	{ "id b5\n", "s/B5-x.scn:1: id must be a group letter" },
	{ HEAD "group C\n", "s/B5-x.scn:4: 'group' given twice" },
};

Test(scenario, bad_files_name_their_line)
{
	size_t	i;

	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		cr_assert_eq(parse("s/B5-x.scn", bads[i].text), -1,
		    "case %zu parsed", i);
		cr_assert_not_null(s.error);
		cr_assert(strncmp(s.error, bads[i].error,
		    strlen(bads[i].error)) == 0, "case %zu: got '%s', want "
		    "'%s...'", i, s.error, bads[i].error);
		/* Still reportable: an id and a group from somewhere. */
		cr_assert_not_null(s.id);
		cr_assert_neq(s.group, '\0');
		scenario_free(&s);
	}
}

Test(scenario, bounds)
{
	char	*big;
	size_t	 n;

	n = SCN_LINE_MAX + 10;
	big = malloc(n + 64);
	snprintf(big, 64, HEAD "why ");
	memset(big + strlen(big), 'x', n);
	big[strlen(HEAD) + 4 + n] = '\0';
	cr_assert_eq(parse("s/B5-x.scn", big), -1);
	cr_assert_str_eq(s.error, "s/B5-x.scn:4: line is over 8192 bytes");
	scenario_free(&s);
	free(big);

	cr_assert_eq(scenario_parse(&s, "s/B5-x.scn", "id B5\0x", 7), -1);
	cr_assert_str_eq(s.error, "s/B5-x.scn: file holds a NUL byte");
	scenario_free(&s);

	cr_assert_eq(scenario_parse(&s, "s/B5-x.scn", "", SCN_FILE_MAX + 1),
	    -1);
	cr_assert(strstr(s.error, "over 262144 bytes") != NULL);
}

Test(scenario, steps_and_expects_are_bounded)
{
	char	*t;
	size_t	 i, len;

	len = 0;
	t = malloc(64 * 1024);
	len += sprintf(t + len, HEAD "step x\nget /\n");
	for (i = 0; i <= SCN_EXPECTS_MAX; i++)
		len += sprintf(t + len, "expect status 200\n");
	cr_assert_eq(parse("s/B5-x.scn", t), -1);
	cr_assert(strstr(s.error, ":70: more than 64 expect lines") != NULL,
	    "%s", s.error);
	free(t);
}

Test(scenario, json_literal_with_variables_is_checked_later)
{
	cr_assert_eq(parse("s/B5-x.scn", HEAD "step x\nget /\n"
	    "expect json a = {rid}\nexpect json b = \"{run}\"\n"
	    "mcp2\n"), -1);
	cr_assert(strstr(s.error, ":8: unknown keyword 'mcp2' (did you "
	    "mean 'mcp'?)") != NULL, "%s", s.error);
}

Test(scenario, client_steps_mark_the_case)
{
	cr_assert_eq(parse("s/C2-x.scn", "id C2\ntitle t\ngroup C\n"
	    "step x\nclient connect 2025-06-18\ntoken valid\n"
	    "expect client ok\n"
	    "step y\nclient call get_details_mcp {\"restaurant_id\":1}\n"
	    "expect client error ~ 401\nexpect json content count 1\n"
	    "capture rid json structuredContent.id\n"), 0, "%s", s.error);
	cr_assert(s.uses_client);
	cr_assert_str_eq(s.steps[0].client, "connect 2025-06-18");
	cr_assert_str_eq(s.steps[0].token, "valid");
	cr_assert_eq(s.steps[1].expects[0].op, SCN_OP_HAS);
}

/* A client session's token is given once, on connect. */
Test(scenario, client_step_rules)
{
	static const char *const bad[][2] = {
		{ "client list-tools\ntoken valid\n", "the token goes on the "
		    "client connect step" },
		{ "client connect\nheader X: y\n", "client steps take no "
		    "header" },
		{ "client connect 2025-06-18 extra\n", "client connect "
		    "[VERSION]" },
		{ "client list-tools now\n", "client connect [VERSION]" },
		{ "client call t [1\n", "client connect [VERSION]" },
		{ "client connect\ncapture x header location\n", "nothing to "
		    "capture that from in a client step" },
		{ "client connect\nexpect status 200\n", "client steps take "
		    "expect client or json" },
	};

	refused("s/C9-x.scn", "id C9\ntitle t\ngroup C\nstep x\n", bad,
	    sizeof(bad) / sizeof(bad[0]));
}


/* capture ... ~ REGEX, capture body, and what is refused. */
Test(scenario, regex_captures)
{
	const struct scn_capture	*c;

	cr_assert_eq(parse("s/S3-x.scn", "id S3\ntitle t\ngroup S\n"
	    "step x\npost /add\n"
	    "capture rid header location ~ ^/details/([0-9]+)$\n"
	    "capture page header location\n"
	    "capture n body ~ restaurant ([0-9]+)\n"
	    "capture j json a.b ~ x{run}y\n"), 0, "%s", s.error);
	c = s.steps[0].captures;
	cr_assert_eq(c[0].from, SCN_CAP_HEADER);
	cr_assert_str_eq(c[0].source, "location");
	cr_assert_str_eq(c[0].regex, "^/details/([0-9]+)$");
	cr_assert_null(c[1].regex);
	cr_assert_eq(c[2].from, SCN_CAP_BODY);
	cr_assert_null(c[2].source);
	cr_assert_str_eq(c[2].regex, "restaurant ([0-9]+)");
	cr_assert_str_eq(c[3].regex, "x{run}y", "variables: checked later");

	static const char *const bad[][2] = {
		{ "capture r header location ~ ([0-9]+\n", "capture regex "
		    "'([0-9]+':" },
		{ "capture r header location ~ (a)(b)\n", "more than one "
		    "group" },
		{ "capture r body\n", "capture NAME body ~ REGEX" },
		{ "capture r header location =~ x\n", "capture NAME json" },
		{ "capture r header location ~\n", "capture NAME json" },
		{ "capture r xml /a\n", "capture NAME json" },
	};

	refused("s/S3-x.scn", "id S3\ntitle t\ngroup S\nstep x\nget /\n", bad,
	    sizeof(bad) / sizeof(bad[0]));
	/* The line is the capture's. */
	cr_assert(strstr(s.error, "s/S3-x.scn:6: ") != NULL, "%s", s.error);
}


/* expect diagnosis marks a step that reproduces a failure; timeout. */
Test(scenario, diagnosis_and_timeout)
{
	cr_assert_eq(parse("s/D1-x.scn", "id D1\ntitle t\ngroup D\n"
	    "step x\nget {mcp}\ntimeout 2\nexpect status 405\n"
	    "expect diagnosis ~ hanging\nexpect diagnosis !~ 403\n"
	    "step y\nget /\n"), 0, "%s", s.error);
	cr_assert(s.steps[0].reproduces);
	cr_assert_eq(s.steps[0].timeout_ms, 2000);
	cr_assert_eq(s.steps[0].expects[1].what, SCN_EXP_DIAGNOSIS);
	cr_assert_eq(s.steps[0].expects[2].op, SCN_OP_HASNT);
	cr_assert_not(s.steps[1].reproduces);
	cr_assert_eq(s.steps[1].timeout_ms, 0);

	static const char *const bad[][2] = {
		{ "get /\nexpect diagnosis = x\n", "expect diagnosis ~ TEXT" },
		{ "get /\nexpect diagnosis ~ x\ncapture a header b\n",
		    "captures nothing" },
		{ "get /\ntimeout 0\n", "timeout SECONDS, from 1 to 600" },
		{ "get /\ntimeout 601\n", "timeout SECONDS" },
		{ "get /\ntimeout 2s\n", "timeout SECONDS" },
		{ "get /\ntimeout 2\ntimeout 3\n", "'timeout' given twice" },
	};

	refused("s/D1-x.scn", "id D1\ntitle t\ngroup D\nstep x\n", bad,
	    sizeof(bad) / sizeof(bad[0]));
}


Test(scenario, id_order_is_natural)
{
	cr_assert_lt(scenario_id_cmp("A2", "A10"), 0);
	cr_assert_gt(scenario_id_cmp("B1", "A10"), 0);
	cr_assert_eq(scenario_id_cmp("E12", "E12"), 0);
}

Test(scenario, load_dir_sorts_and_flags_duplicates)
{
	char		 dir[] = "/tmp/scn-test-XXXXXX", path[256];
	struct scenario	*all;
	size_t		 n, i;
	char		 err[256];
	FILE		*f;
	static const char *files[][2] = {
		{ "A10-x.scn", "id A10\ntitle t\ngroup A\nstep s\nget /\n" },
		{ "A2-x.scn", "id A2\ntitle t\ngroup A\nstep s\nget /\n" },
		{ "A2-y.scn", "id A2\ntitle t\ngroup A\nstep s\nget /\n" },
		{ "notes.txt", "not a scenario" },
	};

	cr_assert_not_null(mkdtemp(dir));
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		f = fopen(path, "w");
		fputs(files[i][1], f);
		fclose(f);
	}
	cr_assert_eq(scenario_load_dir(dir, &all, &n, err, sizeof(err)), 0);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(all[0].id, "A2");
	cr_assert_null(all[0].error);
	cr_assert_not_null(all[1].error);
	cr_assert(strstr(all[1].error, "id A2 is also used by") != NULL);
	cr_assert_str_eq(all[2].id, "A10");
	scenario_free_all(all, n);
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		unlink(path);
	}
	rmdir(dir);
	cr_assert_eq(scenario_load_dir("/nonexistent-dir", &all, &n, err,
	    sizeof(err)), -1);
}
