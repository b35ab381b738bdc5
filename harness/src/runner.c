/*
 * Copyright (c) 2026 The reviews-mcp authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

/*
 * Runs one case: checks its preconditions against the targets, then
 * each step in order (expand variables, get the token, send, check the
 * expect lines, take the captures). The first failing step ends the
 * case, and every failed expectation of that step is reported with what
 * it got.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>
#include <openssl/rand.h>

#include "diag.h"
#include "expect.h"
#include "form.h"
#include "mcpc.h"
#include "mem.h"
#include "redact.h"
#include "runner.h"
#include "shell.h"
#include "vars.h"

#define RUNNER_USER_AGENT	"reviews-mcp-scenario-runner/1"
#define RUNNER_HEADERS_MAX	(SCN_HEADERS_MAX + 8)

/* A request header the runner sends unless a step header replaces it. */
struct runner_hdr {
	const char	*name;
	const char	*value;
};

/* What a case keeps between steps besides variables: its MCP client. */
struct runner_case {
	struct vars	 vs;
	struct mcpc	 client;
	int		 have_client;
	char		 client_token[32];	/* its token source word */
	struct buf	*log;			/* --verbose transcript */
};

/* What a step sent, for the diagnosis of its failure. */
struct runner_sent {
	const char			*method;
	struct buf			 url;
	struct buf			 token;		/* a secret */
	char				 kind[32];	/* token source */
	const struct http_response	*resp;
	int				 timed_out;
	int				 token_failed;
	long				 timeout_ms;
};

static double	runner_ms(void);
static const struct target *runner_pick(struct runner *,
		    const struct scenario *, struct buf *);
static int	runner_vars(struct runner *, const struct target *,
		    struct vars *, char *, size_t);
static int	runner_step(struct runner *, const struct scenario *,
		    const struct scn_step *, const struct target *,
		    struct runner_case *, struct case_result *);
static int	runner_request(struct runner *, const struct scn_step *,
		    const struct target *, struct vars *, struct outcome *,
		    struct runner_sent *, struct case_result *, char *,
		    size_t);
static int	runner_client(struct runner *, const struct scn_step *,
		    struct runner_case *, struct outcome *,
		    struct runner_sent *, struct case_result *, char *,
		    size_t);
static void	runner_client_log(void *, const char *, const char *,
		    const struct buf *, const struct http_response *);
static void	runner_token_kind(const char *, char *, size_t);
static void	runner_sent_token(struct runner_sent *, const char *);
static size_t	runner_want(const struct scn_step *, int *, size_t);
static int	runner_diagnose(struct runner *, const struct scn_step *,
		    const struct target *, struct runner_sent *,
		    const char *, struct outcome *);
static int	runner_shell(struct runner *, const struct scn_step *,
		    const struct target *, struct vars *, struct outcome *,
		    struct case_result *, char *, size_t);
static void	runner_log_exchange(struct buf *, const char *, const char *,
		    const struct buf *, const struct http_response *);
static const char *runner_auth_word(enum scn_auth);

void
runner_init(struct runner *r, struct settings *set, struct tokens *tok,
    struct http *http)
{
	unsigned char	rnd[6];
	size_t		i;

	memset(r, 0, sizeof(*r));
	r->set = set;
	r->tokens = tok;
	r->http = http;
	r->timeout_ms = HTTP_TIMEOUT_MS;
	/* {run}: names rows a run creates; reruns never collide. */
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		fatal("RAND_bytes failed");
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(r->run_id + i * 2, 3, "%02x", rnd[i]);
}

void
runner_free(struct runner *r)
{
	size_t	i;

	for (i = 0; i < r->ntargets; i++) {
		free(r->targets[i].name);
		free(r->targets[i].base);
		free(r->targets[i].host);
		free(r->targets[i].probe);
		free(r->targets[i].problem);
	}
	r->ntargets = 0;
}

void
case_result_init(struct case_result *res)
{
	memset(res, 0, sizeof(*res));
	buf_init(&res->detail);
	buf_init(&res->log);
}

void
case_result_free(struct case_result *res)
{
	buf_free(&res->detail);
	buf_free(&res->log);
}

static double
runner_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6);
}

static const char *
runner_auth_word(enum scn_auth a)
{
	return (a == SCN_AUTH_ON ? "on" : a == SCN_AUTH_OFF ? "off" : "?");
}

/* NAME=URL[,auth=on|off] */
int
runner_add_target(struct runner *r, const char *spec, char *err,
    size_t errlen)
{
	struct target	*t;
	const char	*eq, *url, *hs, *he;
	char		*u, *comma;
	size_t		 i, n;

	if (r->ntargets == TARGETS_MAX) {
		snprintf(err, errlen, "more than %d targets", TARGETS_MAX);
		return (-1);
	}
	if ((eq = strchr(spec, '=')) == NULL || eq == spec ||
	    eq - spec > 32) {
		snprintf(err, errlen, "--target NAME=URL[,auth=on|off], got "
		    "'%.60s'", spec);
		return (-1);
	}
	for (i = 0; spec + i < eq; i++) {
		if (!isalnum((unsigned char)spec[i]) && spec[i] != '-' &&
		    spec[i] != '_') {
			snprintf(err, errlen, "target name '%.*s': letters, "
			    "digits, - and _", (int)(eq - spec), spec);
			return (-1);
		}
	}
	for (i = 0; i < r->ntargets; i++) {
		if (strlen(r->targets[i].name) == (size_t)(eq - spec) &&
		    strncmp(r->targets[i].name, spec, eq - spec) == 0) {
			snprintf(err, errlen, "target %.*s given twice",
			    (int)(eq - spec), spec);
			return (-1);
		}
	}
	url = eq + 1;
	if (strlen(url) > SETTING_LEN_MAX || (strncmp(url, "http://", 7) != 0
	    && strncmp(url, "https://", 8) != 0)) {
		snprintf(err, errlen, "target URL must start with http:// or "
		    "https://, got '%.60s'", url);
		return (-1);
	}
	u = xstrdup(url);
	t = &r->targets[r->ntargets];
	memset(t, 0, sizeof(*t));
	t->declared = SCN_AUTH_ANY;
	if ((comma = strstr(u, ",auth=")) != NULL) {
		if (strcmp(comma, ",auth=on") == 0)
			t->declared = SCN_AUTH_ON;
		else if (strcmp(comma, ",auth=off") == 0)
			t->declared = SCN_AUTH_OFF;
		else {
			snprintf(err, errlen, "target %.*s: auth=on or "
			    "auth=off", (int)(eq - spec), spec);
			free(u);
			return (-1);
		}
		*comma = '\0';
	}
	n = strlen(u);
	while (n > 0 && u[n - 1] == '/')
		u[--n] = '\0';
	hs = strstr(u, "://") + 3;
	he = hs + strcspn(hs, "/?#");
	if (he == hs) {
		snprintf(err, errlen, "target URL has no host: '%.60s'", url);
		free(u);
		return (-1);
	}
	t->name = xstrndup(spec, (size_t)(eq - spec));
	t->base = u;
	t->host = xstrndup(hs, (size_t)(he - hs));
	r->ntargets++;
	return (0);
}

/*
 * Find out whether each target enforces auth: GET / answers 401 when
 * the whole site is protected (guide case B1); otherwise the protected
 * resource metadata exists only with auth on (cases A2 and B2).
 */
void
runner_probe(struct runner *r)
{
	struct http_request	 req;
	struct http_response	 resp;
	struct target		*t;
	struct buf		 url, note;
	const char		*hdrs[1] = { "User-Agent: " RUNNER_USER_AGENT };
	char			 err[512];
	size_t			 i;
	long			 first, prm;

	http_response_init(&resp);
	buf_init(&url);
	buf_init(&note);
	for (i = 0; i < r->ntargets; i++) {
		t = &r->targets[i];
		memset(&req, 0, sizeof(req));
		req.method = "GET";
		req.headers = hdrs;
		req.nheaders = 1;
		req.timeout_ms = r->timeout_ms;
		buf_reset(&url);
		buf_appendf(&url, "%s/", t->base);
		req.url = url.data;
		buf_reset(&note);
		if (http_send(r->http, &req, &resp, err, sizeof(err)) == -1) {
			buf_appendf(&note, "target %s (%s) does not answer: "
			    "%s", t->name, t->base, err);
			t->problem = xstrdup(note.data);
			continue;
		}
		prm = 0;
		if ((first = resp.status) == 401) {
			t->auth = SCN_AUTH_ON;
			buf_appends(&note, "GET / answered 401");
		} else {
			buf_reset(&url);
			buf_appendf(&url, "%s/.well-known/"
			    "oauth-protected-resource", t->base);
			req.url = url.data;
			if (http_send(r->http, &req, &resp, err,
			    sizeof(err)) == -1) {
				buf_appendf(&note, "target %s (%s) does not "
				    "answer: %s", t->name, t->base, err);
				t->problem = xstrdup(note.data);
				continue;
			}
			prm = resp.status;
			t->auth = resp.status == 200 ? SCN_AUTH_ON :
			    SCN_AUTH_OFF;
			buf_appendf(&note, "GET / answered %ld, the resource "
			    "metadata %ld", first, resp.status);
		}
		t->probe = xstrdup(note.data);
		if (t->declared != SCN_AUTH_ANY && t->declared != t->auth) {
			buf_reset(&note);
			buf_appendf(&note, "target %s (%s) is declared "
			    "auth=%s but has auth %s (%s): the stack is not "
			    "what the run expects", t->name, t->base,
			    runner_auth_word(t->declared),
			    runner_auth_word(t->auth), t->probe);
			if (t->declared == SCN_AUTH_ON) {
				buf_appends(&note, "\ndiagnosis: ");
				diag_target(first, prm, &note);
			}
			t->problem = xstrdup(note.data);
		}
	}
	http_response_free(&resp);
	buf_free(&url);
	buf_free(&note);
}

/*
 * The target a case runs against, or NULL with the skip reason. Needs:
 * a named target, else the first target with the auth state asked for,
 * else the first target.
 */
static const struct target *
runner_pick(struct runner *r, const struct scenario *s, struct buf *why)
{
	const struct target	*t, *c;
	size_t			 i;

	t = NULL;
	if (s->need_target != NULL) {
		for (i = 0; i < r->ntargets; i++) {
			if (strcmp(r->targets[i].name, s->need_target) == 0)
				t = &r->targets[i];
		}
		if (t == NULL) {
			buf_appendf(why, "needs target %s: not given "
			    "(--target %s=URL)", s->need_target,
			    s->need_target);
			return (NULL);
		}
	} else if (s->need_auth != SCN_AUTH_ANY) {
		for (i = 0; i < r->ntargets && t == NULL; i++) {
			c = &r->targets[i];
			if (c->problem == NULL && c->auth == s->need_auth)
				t = c;
		}
		/*
		 * A target that does not answer (or not as declared) might
		 * be the one: the case fails rather than skipping quietly.
		 */
		for (i = 0; i < r->ntargets && t == NULL; i++) {
			c = &r->targets[i];
			if (c->problem != NULL && (c->declared == SCN_AUTH_ANY
			    || c->declared == s->need_auth))
				t = c;
		}
	} else {
		t = r->ntargets > 0 ? &r->targets[0] : NULL;
	}
	if (t != NULL && (t->problem != NULL || s->need_auth == SCN_AUTH_ANY
	    || t->auth == s->need_auth))
		return (t);

	buf_appendf(why, "group %c needs auth %s", s->group,
	    s->need_auth == SCN_AUTH_ON ? "enabled" : "disabled");
	if (t != NULL)
		buf_appendf(why, "; target %s has auth %s", t->name,
		    runner_auth_word(t->auth));
	else {
		buf_appends(why, "; no target has it (");
		for (i = 0; i < r->ntargets; i++)
			buf_appendf(why, "%s%s=%s auth %s", i ? ", " : "",
			    r->targets[i].name, r->targets[i].base,
			    runner_auth_word(r->targets[i].auth));
		buf_appends(why, ")");
		if (s->need_auth == SCN_AUTH_ON)
			buf_appends(why, "; if authentication is meant to be "
			    "on there: auth disabled, or runtime not "
			    "enforcing (GUIDE_AUTH_MCP_SERVER.md#10-"
			    "troubleshooting)");
	}
	if (s->guide != NULL)
		buf_appendf(why, "; see %s", s->guide);
	return (NULL);
}

static int
runner_vars(struct runner *r, const struct target *t, struct vars *vs,
    char *err, size_t errlen)
{
	struct buf	mcp;
	int		rc;

	buf_init(&mcp);
	buf_appendf(&mcp, "%s%s", t->base, r->set->mcp_path);
	rc = vars_set(vs, "base", t->base, err, errlen) == -1 ||
	    vars_set(vs, "mcp", mcp.data, err, errlen) == -1 ||
	    vars_set(vs, "host", t->host, err, errlen) == -1 ||
	    vars_set(vs, "tenant", r->set->tenant, err, errlen) == -1 ||
	    vars_set(vs, "client_id", r->set->client_id, err, errlen) == -1 ||
	    vars_set(vs, "api_uri", r->set->api_uri, err, errlen) == -1 ||
	    vars_set(vs, "run", r->run_id, err, errlen) == -1 ? -1 : 0;
	buf_free(&mcp);
	return (rc);
}

void
runner_run_case(struct runner *r, const struct scenario *s,
    struct case_result *res)
{
	const struct target	*t;
	struct runner_case	 cs;
	char			 err[512];
	double			 start;
	size_t			 i;

	start = runner_ms();
	memset(&cs, 0, sizeof(cs));
	vars_init(&cs.vs);
	cs.log = &res->log;
	res->status = RESULT_FAIL;
	if (s->error != NULL) {
		buf_appends(&res->detail, s->error);
		goto out;
	}
	if ((t = runner_pick(r, s, &res->detail)) == NULL) {
		res->status = RESULT_SKIP;
		goto out;
	}
	res->target = t->name;
	if (s->need_local && !r->tokens->have_local) {
		res->status = RESULT_SKIP;
		buf_appends(&res->detail, "needs local: no local signing key "
		    "configured (signing_key and signing_kid, or "
		    "SCENARIO_SIGNING_KEY and SCENARIO_SIGNING_KID)");
		goto out;
	}
	if (t->problem != NULL) {
		buf_appends(&res->detail, t->problem);
		goto out;
	}
	if (runner_vars(r, t, &cs.vs, err, sizeof(err)) == -1) {
		buf_appends(&res->detail, err);
		goto out;
	}
	if (r->verbose)
		buf_appendf(&res->log, "%s against %s (%s)\n", s->id,
		    t->name, t->base);
	for (i = 0; i < s->nsteps; i++) {
		if (runner_step(r, s, &s->steps[i], t, &cs, res) == -1)
			goto out;
	}
	res->status = RESULT_PASS;
out:
	if (res->status == RESULT_FAIL && s->why != NULL) {
		buf_appends(&res->detail, "\nwhy: ");
		for (i = 0; s->why[i] != '\0'; i++) {
			buf_appendc(&res->detail, s->why[i]);
			if (s->why[i] == '\n')
				buf_appends(&res->detail, "     ");
		}
	}
	if (cs.have_client)
		mcpc_free(&cs.client);
	vars_free(&cs.vs);
	res->ms = runner_ms() - start;
}

/* The statuses a step expects (client ok counts as 200). */
static size_t
runner_want(const struct scn_step *st, int *want, size_t max)
{
	const struct scn_expect	*e;
	size_t			 i, j, n;

	n = 0;
	for (i = 0; i < st->nexpects; i++) {
		e = &st->expects[i];
		if (e->what == SCN_EXP_CLIENT && e->op == SCN_OP_OK &&
		    n < max)
			want[n++] = 200;
		if (e->what != SCN_EXP_STATUS && !(e->what == SCN_EXP_CLIENT &&
		    e->op == SCN_OP_STATUS))
			continue;
		for (j = 0; j < e->nstatus && n < max; j++)
			want[n++] = e->status[j];
	}
	/* A client step with no client expectation must succeed. */
	if (st->action == SCN_ACT_CLIENT && n == 0 && max > 0) {
		for (i = 0; i < st->nexpects; i++) {
			if (st->expects[i].what == SCN_EXP_CLIENT)
				break;
		}
		if (i == st->nexpects)
			want[n++] = 200;
	}
	return (n);
}

/* Fill o->diagnosis for the failure of st; 1 when a rule matched. */
static int
runner_diagnose(struct runner *r, const struct scn_step *st,
    const struct target *t, struct runner_sent *sent, const char *error,
    struct outcome *o)
{
	struct diag_input	 in;
	struct buf		 mcp;
	int			 want[SCN_EXPECTS_MAX * SCN_STATUS_ALT_MAX];
	int			 rc;

	if (st->action == SCN_ACT_SHELL)
		return (0);
	buf_init(&mcp);
	buf_appendf(&mcp, "%s%s", t->base, r->set->mcp_path);
	memset(&in, 0, sizeof(in));
	in.method = sent->method;
	in.url = sent->url.len > 0 ? sent->url.data : NULL;
	in.base = t->base;
	in.mcp = mcp.data;
	in.token_kind = sent->kind[0] != '\0' ? sent->kind : "none";
	in.token = sent->token.len > 0 ? sent->token.data : NULL;
	in.nwant = runner_want(st, want, sizeof(want) / sizeof(want[0]));
	in.want = want;
	in.resp = sent->resp;
	in.error = error;
	in.token_failed = sent->token_failed;
	in.timed_out = sent->timed_out;
	in.timeout_ms = sent->timeout_ms;
	in.target_auth = t->auth;
	in.set = r->set;
	in.now = r->tokens->now != 0 ? r->tokens->now : time(NULL);
	buf_reset(&o->diagnosis);
	rc = diag_explain(&in, &o->diagnosis);
	buf_free(&mcp);
	return (rc);
}

/*
 * One step; -1 (with res->detail filled) when it fails. A step with
 * expect diagnosis reproduces a failure: it passes when its other
 * expectations fail (or its request does) and the runner's diagnosis
 * says what the expect diagnosis lines ask.
 */
static int
runner_step(struct runner *r, const struct scenario *s,
    const struct scn_step *st, const struct target *t,
    struct runner_case *cs, struct case_result *res)
{
	struct outcome		 o;
	struct runner_sent	 sent;
	struct buf		 why, val, fails, re;
	const char		*p;
	char			 err[1024];
	size_t			 i, nfail;
	int			 rc, failed, has_client, diag_ok;

	outcome_init(&o);
	memset(&sent, 0, sizeof(sent));
	buf_init(&sent.url);
	buf_init(&sent.token);
	sent.timeout_ms = st->timeout_ms != 0 ? st->timeout_ms :
	    r->timeout_ms;
	buf_init(&why);
	buf_init(&val);
	buf_init(&fails);
	buf_init(&re);
	rc = -1;
	nfail = 0;
	failed = 0;
	err[0] = '\0';
	if (r->verbose)
		buf_appendf(&res->log, "step %d: %s\n", st->number,
		    st->title);

	if (st->action == SCN_ACT_SHELL)
		failed = runner_shell(r, st, t, &cs->vs, &o, res, err,
		    sizeof(err)) == -1;
	else if (st->action == SCN_ACT_CLIENT)
		failed = runner_client(r, st, cs, &o, &sent, res, err,
		    sizeof(err)) == -1;
	else
		failed = runner_request(r, st, t, &cs->vs, &o, &sent, res, err,
		    sizeof(err)) == -1;
	if (failed) {
		buf_appendf(&fails, "%s:%d: step %d: %s\n  ", s->path,
		    st->line, st->number, st->title);
		redact_append(&fails, err, strlen(err));
		buf_appendc(&fails, '\n');
		goto judged;
	}

	has_client = 0;
	for (i = 0; i < st->nexpects; i++) {
		has_client |= st->expects[i].what == SCN_EXP_CLIENT;
		if (st->expects[i].what == SCN_EXP_DIAGNOSIS)
			continue;
		buf_reset(&why);
		if (expect_check(&st->expects[i], &o, &cs->vs, &why))
			continue;
		if (nfail++ == 0)
			buf_appendf(&fails, "%s:%d: step %d: %s\n",
			    s->path, st->line, st->number, st->title);
		buf_appendf(&fails, "  line %d: expect %s\n    %s\n",
		    st->expects[i].line, st->expects[i].text, buf_str(&why));
	}
	/* A client step with no expect client line must succeed. */
	if (st->action == SCN_ACT_CLIENT && !has_client &&
	    o.client_fail != MCPC_OK) {
		if (nfail++ == 0)
			buf_appendf(&fails, "%s:%d: step %d: %s\n",
			    s->path, st->line, st->number, st->title);
		buf_appendf(&fails, "  the client failed (%s): %s\n",
		    mcpc_fail_name(o.client_fail), buf_str(&o.client_error));
	}
	/* A shell step with no expect status must exit 0. */
	if (st->action == SCN_ACT_SHELL && o.resp.status != 0) {
		for (i = 0; i < st->nexpects; i++) {
			if (st->expects[i].what == SCN_EXP_STATUS)
				break;
		}
		if (i == st->nexpects) {
			if (nfail++ == 0)
				buf_appendf(&fails, "%s:%d: step %d: "
				    "%s\n", s->path, st->line, st->number,
				    st->title);
			buf_appendf(&fails, "  the command exited with "
			    "status %ld; output ", o.resp.status);
			buf_appendc(&fails, '\'');
			redact_show(&fails, buf_str(&o.resp.body),
			    o.resp.body.len, REPORT_SHOW_MAX);
			buf_appends(&fails, "'\n");
		}
	}
	failed = nfail > 0;

judged:
	if (failed)
		runner_diagnose(r, st, t, &sent, err[0] != '\0' ? err : NULL,
		    &o);
	if (st->reproduces) {
		if (!failed) {
			buf_appendf(&res->detail, "%s:%d: step %d: %s\n  the "
			    "step reproduces a misconfiguration (expect "
			    "diagnosis), but every expectation held",
			    s->path, st->line, st->number, st->title);
			goto out;
		}
		diag_ok = 1;
		for (i = 0; i < st->nexpects; i++) {
			if (st->expects[i].what != SCN_EXP_DIAGNOSIS)
				continue;
			buf_reset(&why);
			if (expect_check(&st->expects[i], &o, &cs->vs, &why))
				continue;
			if (diag_ok)
				buf_appendf(&res->detail, "%s:%d: step %d: %s "
				    "(reproduces a failure)\n", s->path,
				    st->line, st->number, st->title);
			diag_ok = 0;
			buf_appendf(&res->detail, "  line %d: expect %s\n"
			    "    %s\n", st->expects[i].line,
			    st->expects[i].text, o.diagnosis.len > 0 ?
			    "the diagnosis does not say so" : "no diagnosis");
		}
		if (diag_ok) {
			if (r->verbose)
				buf_appendf(&res->log, "  reproduced; "
				    "diagnosis: %s\n", buf_str(&o.diagnosis));
			rc = 0;
			goto out;
		}
		buf_appends(&res->detail, "  the failure it reproduced:\n");
		for (p = buf_str(&fails); *p != '\0'; p += i + (p[i] != '\0')) {
			i = strcspn(p, "\n");
			buf_appendf(&res->detail, "  %.*s\n", (int)i, p);
		}
		goto diagnosis;
	}
	if (failed) {
		buf_append(&res->detail, buf_str(&fails), fails.len);
		goto diagnosis;
	}

	for (i = 0; i < st->ncaptures; i++) {
		buf_reset(&re);
		if ((st->captures[i].regex != NULL &&
		    vars_expand(&cs->vs, st->captures[i].regex, &re, err,
		    sizeof(err)) == -1) ||
		    expect_capture(&st->captures[i], st->captures[i].regex ==
		    NULL ? NULL : buf_str(&re), &o, &val, err,
		    sizeof(err)) == -1 || vars_set(&cs->vs,
		    st->captures[i].name, buf_str(&val), err,
		    sizeof(err)) == -1) {
			buf_appendf(&res->detail, "%s:%d: step %d: %s\n  %s\n",
			    s->path, st->captures[i].line, st->number,
			    st->title, err);
			goto out;
		}
		if (r->verbose) {
			buf_appendf(&res->log, "  captured {%s} = ",
			    st->captures[i].name);
			redact_append(&res->log, val.data, val.len);
			buf_appendc(&res->log, '\n');
		}
	}
	rc = 0;
	goto out;

diagnosis:
	/* Headline, then the explanation, indented under it. */
	if (o.diagnosis.len > 0) {
		buf_appends(&res->detail, "  diagnosis: ");
		for (p = o.diagnosis.data; *p != '\0'; p++) {
			buf_appendc(&res->detail, *p);
			if (*p == '\n')
				buf_appends(&res->detail, "             ");
		}
		buf_appendc(&res->detail, '\n');
	}
out:
	if (rc == -1 && res->detail.len > 0 &&
	    res->detail.data[res->detail.len - 1] == '\n')
		res->detail.data[--res->detail.len] = '\0';
	outcome_free(&o);
	buf_free(&sent.url);
	buf_free_secret(&sent.token);
	buf_free(&why);
	buf_free(&val);
	buf_free(&fails);
	buf_free(&re);
	return (rc);
}

/* The first word of a token line: its source. */
static void
runner_token_kind(const char *line, char *kind, size_t len)
{
	size_t	n;

	while (isspace((unsigned char)*line))
		line++;
	n = strcspn(line, " \t");
	if (n >= len)
		n = len - 1;
	memcpy(kind, line, n);
	kind[n] = '\0';
}

/* The bearer value of an Authorization header value, for diagnosis. */
static void
runner_sent_token(struct runner_sent *sent, const char *authz)
{
	buf_reset(&sent->token);
	if (authz != NULL && strncasecmp(authz, "Bearer ", 7) == 0)
		buf_appends(&sent->token, authz + 7);
}

static void
runner_client_log(void *arg, const char *method, const char *url,
    const struct buf *body, const struct http_response *resp)
{
	struct buf	empty;

	buf_init(&empty);
	runner_log_exchange(arg, method, url, body != NULL ? body : &empty,
	    resp);
}

/*
 * A client step: the C MCP client library (mcpc.h) does the action;
 * -1 only when the step cannot run (no connect yet, bad arguments, no
 * token). How the action ended goes to the outcome, for expect client
 * and json lines.
 */
static int
runner_client(struct runner *r, const struct scn_step *st,
    struct runner_case *cs, struct outcome *o, struct runner_sent *sent,
    struct case_result *res, char *err, size_t errlen)
{
	struct buf	 cmd, tok, auth;
	json_t		*args;
	json_error_t	 je;
	char		*rest, *action, *tool;
	int		 send, rc;

	rc = -1;
	args = NULL;
	buf_init(&cmd);
	buf_init(&tok);
	buf_init(&auth);
	if (vars_expand(&cs->vs, st->client, &cmd, err, errlen) == -1)
		goto out;
	rest = cmd.data;
	action = rest;
	rest += strcspn(rest, " \t");
	if (*rest != '\0')
		*rest++ = '\0';
	while (isspace((unsigned char)*rest))
		rest++;
	if (r->verbose)
		buf_appendf(&res->log, "  client %s%s%s\n", action,
		    *rest != '\0' ? " " : "", rest);

	if (strcmp(action, "connect") == 0) {
		if (cs->have_client)
			mcpc_free(&cs->client);
		mcpc_init(&cs->client, r->http, vars_get(&cs->vs, "mcp", NULL));
		cs->have_client = 1;
		cs->client_token[0] = '\0';
		if (st->token != NULL) {
			runner_token_kind(st->token, cs->client_token,
			    sizeof(cs->client_token));
			snprintf(sent->kind, sizeof(sent->kind), "%s",
			    cs->client_token);
			if (vars_expand(&cs->vs, st->token, &tok, err,
			    errlen) == -1)
				goto out;
			if (tokens_header(r->tokens, tok.data, &auth, &send,
			    err, errlen) == -1) {
				sent->token_failed = 1;
				goto out;
			}
			if (send)
				mcpc_set_authorization(&cs->client,
				    auth.data);
		}
	} else if (!cs->have_client) {
		snprintf(err, errlen, "client %s before client connect",
		    action);
		goto out;
	}
	cs->client.timeout_ms = sent->timeout_ms;
	cs->client.keep_head = r->verbose;
	cs->client.on_exchange = r->verbose ? runner_client_log : NULL;
	cs->client.arg = cs->log;
	snprintf(sent->kind, sizeof(sent->kind), "%s", cs->client_token);

	if (strcmp(action, "connect") == 0)
		mcpc_connect(&cs->client, *rest != '\0' ? rest : NULL);
	else if (strcmp(action, "list-tools") == 0)
		mcpc_list_tools(&cs->client);
	else if (strcmp(action, "close") == 0)
		mcpc_close(&cs->client);
	else {
		tool = rest;
		rest += strcspn(rest, " \t");
		if (*rest != '\0')
			*rest++ = '\0';
		if (*rest != '\0' && ((args = json_loads(rest, 0, &je)) ==
		    NULL || !json_is_object(args))) {
			snprintf(err, errlen, "client call %s: the arguments "
			    "are not a JSON object after expanding variables",
			    tool);
			goto out;
		}
		mcpc_call(&cs->client, tool, args);
	}

	o->client = 1;
	o->client_fail = cs->client.err.kind;
	o->client_status = cs->client.err.status != 0 ?
	    cs->client.err.status : cs->client.resp.status;
	buf_append(&o->client_error, buf_str(&cs->client.err.message),
	    cs->client.err.message.len);
	o->doc_done = 1;
	if ((o->doc = json_incref(cs->client.result)) == NULL)
		snprintf(o->doc_err, sizeof(o->doc_err), "the client has no "
		    "result (%.200s)", o->client_fail == MCPC_OK ? "no request"
		    : buf_str(&o->client_error));
	sent->method = cs->client.method;
	buf_appends(&sent->url, cs->client.url);
	runner_sent_token(sent, cs->client.authorization);
	sent->resp = &cs->client.resp;
	sent->timed_out = cs->client.err.timed_out;
	rc = 0;
out:
	json_decref(args);
	buf_free(&cmd);
	buf_free_secret(&tok);
	buf_free_secret(&auth);
	return (rc);
}

static int
runner_shell(struct runner *r, const struct scn_step *st,
    const struct target *t, struct vars *vs, struct outcome *o,
    struct case_result *res, char *err, size_t errlen)
{
	struct shell_env	 env;
	struct buf		 cmd;
	char			 serr[256];
	int			 status, rc;

	buf_init(&cmd);
	rc = -1;
	if (vars_expand(vs, st->command, &cmd, err, errlen) == -1)
		goto out;
	env.base = t->base;
	env.mcp = vars_get(vs, "mcp", NULL);
	env.run = r->run_id;
	if (r->verbose)
		buf_appendf(&res->log, "  $ %s\n", cmd.data);
	o->shell = 1;
	if (shell_run(cmd.data, &env, SHELL_TIMEOUT_MS, &status,
	    &o->resp.body, serr, sizeof(serr)) == -1) {
		snprintf(err, errlen, "shell: %s", serr);
		goto out;
	}
	o->resp.status = status;
	if (r->verbose) {
		buf_appendf(&res->log, "  exit status %d\n", status);
		redact_show(&res->log, buf_str(&o->resp.body),
		    o->resp.body.len, REPORT_SHOW_MAX);
		buf_appendc(&res->log, '\n');
	}
	rc = 0;
out:
	buf_free(&cmd);
	return (rc);
}

/*
 * Build and send a request step. Default headers (User-Agent, Accept,
 * and what mcp/notify/form imply) give way to step headers of the same
 * name; "Name:" with no value sends no such header. The token's
 * Authorization always goes out, so a step header adds a second one.
 */
static int
runner_request(struct runner *r, const struct scn_step *st,
    const struct target *t, struct vars *vs, struct outcome *o,
    struct runner_sent *sent, struct case_result *res, char *err,
    size_t errlen)
{
	struct runner_hdr	 defs[4];
	struct http_request	 req;
	struct buf		 url, body, auth, tmp, lines[RUNNER_HEADERS_MAX];
	const char		*hl[RUNNER_HEADERS_MAX], *method;
	json_t			*j;
	json_error_t		 je;
	char			*ms;
	size_t			 nd, nl, i, k;
	int			 send, rc, has_ct;

	rc = -1;
	nl = 0;
	buf_init(&url);
	buf_init(&body);
	buf_init(&auth);
	buf_init(&tmp);
	for (i = 0; i < RUNNER_HEADERS_MAX; i++)
		buf_init(&lines[i]);

	nd = 0;
	defs[nd].name = "User-Agent";
	defs[nd++].value = RUNNER_USER_AGENT;
	if (st->action == SCN_ACT_MCP || st->action == SCN_ACT_NOTIFY) {
		method = "POST";
		defs[nd].name = "Accept";
		defs[nd++].value = "application/json, text/event-stream";
		defs[nd].name = "Content-Type";
		defs[nd++].value = "application/json";
		buf_appends(&url, vars_get(vs, "mcp", NULL));
	} else {
		method = st->method;
		defs[nd].name = "Accept";
		defs[nd++].value = "*/*";
		if (st->nform > 0) {
			defs[nd].name = "Content-Type";
			defs[nd++].value = "application/x-www-form-urlencoded";
		}
		if (vars_expand(vs, st->target, &tmp, err, errlen) == -1)
			goto out;
		if (tmp.data[0] == '/')
			buf_appendf(&url, "%s%s", t->base, tmp.data);
		else if (strncmp(tmp.data, "http://", 7) == 0 ||
		    strncmp(tmp.data, "https://", 8) == 0)
			buf_appends(&url, tmp.data);
		else {
			snprintf(err, errlen, "target '%.80s' must start with "
			    "/ or http(s)://", tmp.data);
			goto out;
		}
	}

	/* The body. */
	if (st->action == SCN_ACT_MCP || st->action == SCN_ACT_NOTIFY) {
		if ((j = json_string(st->rpc_method)) == NULL) {
			snprintf(err, errlen, "method is not UTF-8");
			goto out;
		}
		ms = json_dumps(j, JSON_ENCODE_ANY);
		json_decref(j);
		buf_appends(&body, "{\"jsonrpc\":\"2.0\",");
		if (st->action == SCN_ACT_MCP)
			buf_appendf(&body, "\"id\":%d,", st->number);
		buf_appendf(&body, "\"method\":%s", ms);
		free(ms);
		if (st->rpc_params != NULL) {
			if (vars_expand(vs, st->rpc_params, &tmp, err,
			    errlen) == -1)
				goto out;
			if ((j = json_loads(tmp.data, JSON_DECODE_ANY,
			    &je)) == NULL) {
				snprintf(err, errlen, "params are not JSON "
				    "after expanding variables: %s", je.text);
				goto out;
			}
			json_decref(j);
			buf_appendf(&body, ",\"params\":%s", tmp.data);
		}
		buf_appendc(&body, '}');
	} else if (st->nform > 0) {
		for (i = 0; i < st->nform; i++) {
			if (vars_expand(vs, st->form[i].value, &tmp, err,
			    errlen) == -1)
				goto out;
			form_add(&body, st->form[i].name, tmp.data);
		}
	} else if (st->body != NULL) {
		if (vars_expand(vs, st->body, &body, err, errlen) == -1)
			goto out;
	}

	sent->method = method;
	buf_appends(&sent->url, url.data);
	sent->resp = &o->resp;

	/* Headers: the token's first, then the step's, then defaults. */
	if (st->token != NULL) {
		runner_token_kind(st->token, sent->kind, sizeof(sent->kind));
		if (vars_expand(vs, st->token, &tmp, err, errlen) == -1)
			goto out;
		if (tokens_header(r->tokens, tmp.data, &auth, &send, err,
		    errlen) == -1) {
			sent->token_failed = 1;
			goto out;
		}
		if (send) {
			buf_appendf(&lines[nl++], "Authorization: %s",
			    auth.data);
			runner_sent_token(sent, auth.data);
		}
	}
	has_ct = 0;
	for (i = 0; i < st->nheaders; i++) {
		if (vars_expand(vs, st->headers[i].value, &tmp, err,
		    errlen) == -1)
			goto out;
		if (strchr(tmp.data, '\r') != NULL ||
		    strchr(tmp.data, '\n') != NULL) {
			snprintf(err, errlen, "header %s: a value may not "
			    "hold a line break", st->headers[i].name);
			goto out;
		}
		buf_appendf(&lines[nl++], "%s:%s%s", st->headers[i].name,
		    tmp.len ? " " : "", tmp.data);
		has_ct |= strcasecmp(st->headers[i].name,
		    "content-type") == 0;
	}
	for (k = 0; k < nd; k++) {
		for (i = 0; i < st->nheaders; i++) {
			if (strcasecmp(st->headers[i].name,
			    defs[k].name) == 0)
				break;
		}
		if (i < st->nheaders)
			continue;
		buf_appendf(&lines[nl++], "%s: %s", defs[k].name,
		    defs[k].value);
		has_ct |= strcasecmp(defs[k].name, "content-type") == 0;
	}
	/* libcurl would label a body x-www-form-urlencoded on its own. */
	if (!has_ct)
		buf_appends(&lines[nl++], "Content-Type:");
	for (i = 0; i < nl; i++)
		hl[i] = lines[i].data;

	memset(&req, 0, sizeof(req));
	req.method = method;
	req.url = url.data;
	req.headers = hl;
	req.nheaders = nl;
	req.timeout_ms = sent->timeout_ms;
	req.keep_head = r->verbose;
	if (st->action != SCN_ACT_HTTP || st->nform > 0 || st->body != NULL) {
		req.body = body.data == NULL ? "" : body.data;
		req.body_len = body.len;
	}
	if (http_send(r->http, &req, &o->resp, err, errlen) == -1) {
		sent->timed_out = o->resp.timed_out;
		goto out;
	}
	if (r->verbose)
		runner_log_exchange(&res->log, method, url.data, &body,
		    &o->resp);
	rc = 0;
out:
	buf_free(&url);
	buf_free_secret(&body);
	buf_free_secret(&auth);
	buf_free_secret(&tmp);
	for (i = 0; i < RUNNER_HEADERS_MAX; i++)
		buf_free_secret(&lines[i]);
	return (rc);
}

/* --verbose: the request head as sent and the response, redacted. */
static void
runner_log_exchange(struct buf *log, const char *method, const char *url,
    const struct buf *body, const struct http_response *resp)
{
	struct buf	head;
	size_t		i, j;

	buf_init(&head);
	redact_head(&head, resp->head_out.data == NULL ? "" :
	    resp->head_out.data, resp->head_out.len);
	/* Header lines; the blank line that ends the head is dropped. */
	for (i = 0; i < head.len; i++) {
		if (head.data[i] == '\r')
			continue;
		if (head.data[i] == '\n') {
			buf_appendc(log, '\n');
			continue;
		}
		if (i == 0 || head.data[i - 1] == '\n')
			buf_appends(log, "  > ");
		buf_appendc(log, head.data[i]);
	}
	while (log->len >= 2 && log->data[log->len - 1] == '\n' &&
	    log->data[log->len - 2] == '\n')
		log->data[--log->len] = '\0';
	if (head.len == 0)
		buf_appendf(log, "%s %s\n", method, url);
	if (body->len > 0) {
		buf_appends(log, "  > ");
		redact_show(log, body->data, body->len, REPORT_SHOW_MAX);
		buf_appendc(log, '\n');
	}
	buf_appendf(log, "  < %ld (%.1f ms)\n", resp->status,
	    resp->seconds * 1000.0);
	for (j = 0; j < resp->nheaders; j++) {
		buf_appendf(log, "  < %s: ", resp->headers[j].name);
		redact_append(log, resp->headers[j].value,
		    strlen(resp->headers[j].value));
		buf_appendc(log, '\n');
	}
	if (resp->body.len > 0) {
		buf_appends(log, "  < ");
		redact_show(log, resp->body.data, resp->body.len,
		    REPORT_SHOW_MAX);
		buf_appendc(log, '\n');
	}
	buf_free_secret(&head);
}
