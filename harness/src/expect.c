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
 * The assertion engine: one expect line against one outcome. A failed
 * check writes what it got (never what was sent: no tokens), bodies and
 * values cut to REPORT_SHOW_MAX and passed through the redactor.
 */

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "expect.h"
#include "jpath.h"
#include "limits.h"
#include "mem.h"
#include "redact.h"
#include "sse.h"

static void	expect_show(struct buf *, const char *, size_t);
static void	expect_show_json(struct buf *, json_t *);
static int	expect_status(const struct scn_expect *, struct outcome *,
		    struct buf *);
static int	expect_text(enum scn_op, const char *, const char *,
		    size_t, struct buf *);
static int	expect_json(const struct scn_expect *, struct outcome *,
		    const struct vars *, struct buf *);
static int	expect_challenge(const struct scn_expect *, struct outcome *,
		    const struct vars *, struct buf *);
static const char *expect_type(json_t *);
static int	expect_client(const struct scn_expect *, struct outcome *,
		    const struct vars *, struct buf *);
static int	expect_regex(const char *, const char *, size_t,
		    struct buf *, char *, size_t);

void
outcome_init(struct outcome *o)
{
	memset(o, 0, sizeof(*o));
	http_response_init(&o->resp);
	challenges_init(&o->ch);
	buf_init(&o->client_error);
	buf_init(&o->diagnosis);
}

void
outcome_free(struct outcome *o)
{
	http_response_free(&o->resp);
	json_decref(o->doc);
	challenges_free(&o->ch);
	buf_free(&o->client_error);
	buf_free(&o->diagnosis);
	memset(o, 0, sizeof(*o));
}

/* A value for a report: redacted, cut, quoted. */
static void
expect_show(struct buf *out, const char *s, size_t len)
{
	buf_appendc(out, '\'');
	redact_show(out, s, len, REPORT_SHOW_MAX);
	buf_appendc(out, '\'');
}

static void
expect_show_json(struct buf *out, json_t *v)
{
	char	*s;

	if (v == NULL) {
		buf_appends(out, "absent");
		return;
	}
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	redact_show(out, s, strlen(s), REPORT_SHOW_MAX);
	free(s);
}

/*
 * The body as JSON, or the data of the last `message` event of a
 * text/event-stream body; NULL with doc_err set when there is none.
 */
json_t *
outcome_doc(struct outcome *o)
{
	json_error_t	 je;
	struct buf	 data, tmp;
	const char	*ct;
	size_t		 count;
	char		 err[200];

	if (o->doc_done)
		return (o->doc);
	o->doc_done = 1;
	ct = http_header(&o->resp, "content-type");
	buf_init(&data);
	buf_init(&tmp);
	if (ct != NULL && strncasecmp(ct, "text/event-stream", 17) == 0) {
		if (sse_last_message(o->resp.body.data, o->resp.body.len,
		    &data, &count, err, sizeof(err)) == -1) {
			snprintf(o->doc_err, sizeof(o->doc_err), "%s", err);
			goto out;
		}
		if ((o->doc = json_loadb(buf_str(&data), data.len,
		    JSON_DECODE_ANY, &je)) == NULL)
			snprintf(o->doc_err, sizeof(o->doc_err), "the "
			    "message event's data is not JSON: %s", je.text);
		goto out;
	}
	if ((o->doc = json_loadb(buf_str(&o->resp.body), o->resp.body.len,
	    JSON_DECODE_ANY, &je)) == NULL) {
		buf_appends(&data, "");
		redact_show(&data, buf_str(&o->resp.body), o->resp.body.len,
		    80);
		snprintf(o->doc_err, sizeof(o->doc_err), "the body is not "
		    "JSON (content-type %s): '%s'", ct == NULL ? "none" : ct,
		    buf_str(&data));
	}
out:
	buf_free(&data);
	buf_free(&tmp);
	return (o->doc);
}

static int
expect_status(const struct scn_expect *e, struct outcome *o,
    struct buf *why)
{
	size_t	i;

	for (i = 0; i < e->nstatus; i++) {
		if (e->status[i] == o->resp.status)
			return (1);
	}
	buf_appendf(why, "got %s %ld", o->shell ? "exit status" : "status",
	    o->resp.status);
	if (o->resp.body.len > 0) {
		buf_appends(why, ", body ");
		expect_show(why, o->resp.body.data, o->resp.body.len);
	}
	return (0);
}

/* = ~ !~ on a text that may be missing (have == NULL). */
static int
expect_text(enum scn_op op, const char *want, const char *have,
    size_t hlen, struct buf *why)
{
	int	ok;

	switch (op) {
	case SCN_OP_EXISTS:
		ok = have != NULL;
		break;
	case SCN_OP_ABSENT:
		ok = have == NULL;
		break;
	case SCN_OP_EMPTY:
		ok = have != NULL && hlen == 0;
		break;
	case SCN_OP_EQ:
		ok = have != NULL && strlen(want) == hlen &&
		    memcmp(want, have, hlen) == 0;
		break;
	case SCN_OP_HAS:
		ok = have != NULL && memmem(have, hlen, want,
		    strlen(want)) != NULL;
		break;
	case SCN_OP_HASNT:
		ok = have == NULL || memmem(have, hlen, want,
		    strlen(want)) == NULL;
		break;
	default:
		ok = 0;
		break;
	}
	if (ok)
		return (1);
	if (have == NULL)
		buf_appends(why, "got none");
	else {
		buf_appends(why, "got ");
		expect_show(why, have, hlen);
	}
	return (0);
}

static const char *
expect_type(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return ("object");
	case JSON_ARRAY:
		return ("array");
	case JSON_STRING:
		return ("string");
	case JSON_INTEGER:
		return ("integer");
	case JSON_REAL:
		return ("number");
	case JSON_TRUE:
	case JSON_FALSE:
		return ("boolean");
	case JSON_NULL:
	default:
		return ("null");
	}
}

static int
expect_json(const struct scn_expect *e, struct outcome *o,
    const struct vars *vs, struct buf *why)
{
	json_t		*doc, *v, *want, *el;
	json_error_t	 je;
	struct buf	 path, arg;
	char		 err[256];
	size_t		 i, n;
	int		 ok, wild;

	v = want = NULL;
	ok = 0;
	buf_init(&path);
	buf_init(&arg);
	if ((doc = outcome_doc(o)) == NULL) {
		buf_appends(why, o->doc_err);
		goto out;
	}
	if (vars_expand(vs, e->subject, &path, err, sizeof(err)) == -1 ||
	    (e->arg != NULL && vars_expand(vs, e->arg, &arg, err,
	    sizeof(err)) == -1)) {
		buf_appends(why, err);
		goto out;
	}
	if (jpath_eval(doc, buf_str(&path), &v, &wild, err,
	    sizeof(err)) == -1) {
		buf_appends(why, err);
		goto out;
	}
	if (e->op == SCN_OP_EQ || e->op == SCN_OP_NE ||
	    e->op == SCN_OP_CONTAINS) {
		if ((want = json_loads(buf_str(&arg), JSON_DECODE_ANY,
		    &je)) == NULL) {
			buf_appendf(why, "the expected value is not JSON: %s",
			    je.text);
			goto out;
		}
	}
	switch (e->op) {
	case SCN_OP_EQ:
		ok = v != NULL && json_equal(v, want);
		break;
	case SCN_OP_NE:
		ok = v == NULL || !json_equal(v, want);
		break;
	case SCN_OP_EXISTS:
		ok = v != NULL && (!wild || json_array_size(v) > 0);
		break;
	case SCN_OP_ABSENT:
		ok = v == NULL || (wild && json_array_size(v) == 0);
		break;
	case SCN_OP_HAS:
		ok = json_is_string(v) && memmem(json_string_value(v),
		    json_string_length(v), arg.data, arg.len) != NULL;
		break;
	case SCN_OP_HASNT:
		ok = v == NULL || (json_is_string(v) &&
		    memmem(json_string_value(v), json_string_length(v),
		    arg.data, arg.len) == NULL);
		break;
	case SCN_OP_COUNT:
		n = json_is_array(v) ? json_array_size(v) :
		    json_is_object(v) ? json_object_size(v) : (size_t)-1;
		ok = n == (size_t)e->count;
		if (!ok && n != (size_t)-1) {
			buf_appendf(why, "got %zu element%s: ", n,
			    n == 1 ? "" : "s");
			expect_show_json(why, v);
			goto out;
		}
		break;
	case SCN_OP_CONTAINS:
		json_array_foreach(v, i, el) {
			if (json_equal(el, want)) {
				ok = 1;
				break;
			}
		}
		break;
	case SCN_OP_TYPE:
		ok = v != NULL && (strcmp(expect_type(v), arg.data) == 0 ||
		    (strcmp(arg.data, "number") == 0 && json_is_integer(v)));
		if (!ok && v != NULL) {
			buf_appendf(why, "got a%s %s: ",
			    expect_type(v)[0] == 'i' || expect_type(v)[0] ==
			    'a' || expect_type(v)[0] == 'o' ? "n" : "",
			    expect_type(v));
			expect_show_json(why, v);
			goto out;
		}
		break;
	default:
		break;
	}
	if (!ok) {
		buf_appends(why, "got ");
		expect_show_json(why, v);
	}
out:
	json_decref(v);
	json_decref(want);
	buf_free(&path);
	buf_free(&arg);
	return (ok);
}

static int
expect_challenge(const struct scn_expect *e, struct outcome *o,
    const struct vars *vs, struct buf *why)
{
	const struct challenge	*c;
	const char		*v;
	struct buf		 arg, all;
	char			 err[200];
	size_t			 i;
	int			 ok;

	ok = 0;
	buf_init(&arg);
	buf_init(&all);
	if (!o->ch_done) {
		o->ch_done = 1;
		for (i = 0; i < o->resp.nheaders; i++) {
			if (strcasecmp(o->resp.headers[i].name,
			    "www-authenticate") != 0)
				continue;
			if (challenge_parse(&o->ch, o->resp.headers[i].value,
			    err, sizeof(err)) == -1) {
				snprintf(o->ch_err, sizeof(o->ch_err),
				    "WWW-Authenticate does not parse: %s",
				    err);
				break;
			}
		}
	}
	if (o->ch_err[0] != '\0') {
		buf_appends(why, o->ch_err);
		goto out;
	}
	if ((c = challenge_find(&o->ch, "Bearer")) == NULL) {
		for (i = 0; i < o->resp.nheaders; i++) {
			if (strcasecmp(o->resp.headers[i].name,
			    "www-authenticate") == 0)
				buf_appendf(&all, "%s'%s'", all.len ? ", " :
				    "", o->resp.headers[i].value);
		}
		buf_appendf(why, "no Bearer challenge (WWW-Authenticate: %s)",
		    all.len ? all.data : "none");
		goto out;
	}
	if (e->arg != NULL && vars_expand(vs, e->arg, &arg, err,
	    sizeof(err)) == -1) {
		buf_appends(why, err);
		goto out;
	}
	v = challenge_param(c, e->subject);
	ok = expect_text(e->op, buf_str(&arg), v, v == NULL ? 0 : strlen(v),
	    why);
out:
	buf_free(&arg);
	buf_free(&all);
	return (ok);
}

/*
 * expect client ok | client error ~ TEXT | client status CODE: how the
 * client step's action ended (ok: no failure of any kind, a tool's
 * isError included).
 */
static int
expect_client(const struct scn_expect *e, struct outcome *o,
    const struct vars *vs, struct buf *why)
{
	struct buf	arg;
	char		err[256];
	size_t		i;
	int		ok;

	ok = 0;
	buf_init(&arg);
	switch (e->op) {
	case SCN_OP_OK:
		if ((ok = o->client_fail == MCPC_OK))
			break;
		buf_appendf(why, "the client failed (%s): ",
		    mcpc_fail_name(o->client_fail));
		buf_append(why, buf_str(&o->client_error),
		    o->client_error.len);
		break;
	case SCN_OP_STATUS:
		for (i = 0; i < e->nstatus && !ok; i++)
			ok = e->status[i] == o->client_status;
		if (!ok)
			buf_appendf(why, "the client's last answer was %s%ld",
			    o->client_status == 0 ? "none, status " : "",
			    o->client_status);
		break;
	default:
		if (vars_expand(vs, e->arg, &arg, err, sizeof(err)) == -1) {
			buf_appends(why, err);
			break;
		}
		if (o->client_fail == MCPC_OK) {
			buf_appends(why, "the client succeeded");
			break;
		}
		ok = expect_text(e->op, buf_str(&arg),
		    buf_str(&o->client_error), o->client_error.len, why);
		break;
	}
	buf_free(&arg);
	return (ok);
}

/* 1: the expectation holds; 0: it does not, and why says what we got. */
int
expect_check(const struct scn_expect *e, struct outcome *o,
    const struct vars *vs, struct buf *why)
{
	struct buf	 arg;
	const char	*h;
	char		 err[256];
	int		 ok;

	switch (e->what) {
	case SCN_EXP_STATUS:
		return (expect_status(e, o, why));
	case SCN_EXP_JSON:
		return (expect_json(e, o, vs, why));
	case SCN_EXP_CHALLENGE:
		return (expect_challenge(e, o, vs, why));
	case SCN_EXP_CLIENT:
		return (expect_client(e, o, vs, why));
	case SCN_EXP_HEADER:
	case SCN_EXP_BODY:
	case SCN_EXP_DIAGNOSIS:
		break;
	}
	buf_init(&arg);
	if (e->arg != NULL && vars_expand(vs, e->arg, &arg, err,
	    sizeof(err)) == -1) {
		buf_appends(why, err);
		buf_free(&arg);
		return (0);
	}
	if (e->what == SCN_EXP_HEADER) {
		h = http_header(&o->resp, e->subject);
		ok = expect_text(e->op, buf_str(&arg), h,
		    h == NULL ? 0 : strlen(h), why);
	} else if (e->what == SCN_EXP_DIAGNOSIS) {
		/* The runner filled o->diagnosis; none: "no diagnosis". */
		ok = expect_text(e->op, buf_str(&arg), o->diagnosis.len == 0 ?
		    NULL : o->diagnosis.data, o->diagnosis.len, why);
	} else {
		ok = expect_text(e->op, buf_str(&arg), o->resp.body.data ==
		    NULL ? "" : o->resp.body.data, o->resp.body.len, why);
	}
	buf_free(&arg);
	return (ok);
}

/*
 * POSIX extended regex re against text: val gets the first group's
 * match (the whole match when re has no group).
 */
static int
expect_regex(const char *re, const char *text, size_t len, struct buf *val,
    char *err, size_t errlen)
{
	regex_t		 rx;
	regmatch_t	 m[2];
	struct buf	 show;
	char		*copy, msg[128];
	size_t		 g;
	int		 rc;

	if ((rc = regcomp(&rx, re, REG_EXTENDED)) != 0) {
		regerror(rc, &rx, msg, sizeof(msg));
		snprintf(err, errlen, "regex '%.60s': %s", re, msg);
		return (-1);
	}
	/* regexec wants a C string: a body may hold NUL bytes. */
	copy = xstrndup(text, len);
	g = rx.re_nsub >= 1 ? 1 : 0;
	rc = regexec(&rx, copy, 2, m, 0);
	if (rc != 0 || m[g].rm_so == -1) {
		buf_init(&show);
		redact_show(&show, text, len, 80);
		snprintf(err, errlen, "'%.60s' does not match '%s'", re,
		    buf_str(&show));
		buf_free(&show);
		rc = -1;
	} else {
		buf_reset(val);
		buf_append(val, copy + m[g].rm_so,
		    (size_t)(m[g].rm_eo - m[g].rm_so));
		rc = 0;
	}
	free(copy);
	regfree(&rx);
	return (rc);
}

/*
 * The value a capture line takes: JSON strings raw, other JSON compact,
 * header values and bodies as they are; then, with ~ REGEX (variables
 * already expanded into re), the first group's match.
 */
int
expect_capture(const struct scn_capture *c, const char *re,
    struct outcome *o, struct buf *val, char *err, size_t errlen)
{
	json_t		*doc, *v;
	const char	*h;
	char		*s, rerr[256];
	int		 wild;

	buf_reset(val);
	if (c->from == SCN_CAP_HEADER) {
		if ((h = http_header(&o->resp, c->source)) == NULL) {
			snprintf(err, errlen, "capture %s: no %s header",
			    c->name, c->source);
			return (-1);
		}
		buf_appends(val, h);
	} else if (c->from == SCN_CAP_BODY) {
		buf_append(val, buf_str(&o->resp.body), o->resp.body.len);
	} else {
		if ((doc = outcome_doc(o)) == NULL) {
			snprintf(err, errlen, "capture %s: %s", c->name,
			    o->doc_err);
			return (-1);
		}
		if (jpath_eval(doc, c->source, &v, &wild, err, errlen) == -1)
			return (-1);
		if (v == NULL) {
			snprintf(err, errlen, "capture %s: nothing at %s",
			    c->name, c->source);
			return (-1);
		}
		if (json_is_string(v)) {
			buf_append(val, json_string_value(v),
			    json_string_length(v));
		} else {
			s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			buf_appends(val, s);
			free(s);
		}
		json_decref(v);
	}
	if (re == NULL)
		return (0);
	if (expect_regex(re, buf_str(val), val->len, val, rerr,
	    sizeof(rerr)) == -1) {
		snprintf(err, errlen, "capture %s: %s", c->name, rerr);
		return (-1);
	}
	return (0);
}
