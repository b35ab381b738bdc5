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
 * The scenario file parser (format: docs/scenarios.md). Line based: a
 * keyword, white space, the rest of the line. It stops at the first
 * error and records it as "path:line: message" in the scenario, which
 * then fails on its own while every other case still runs.
 *
 * What can be checked without a server is checked here (keywords, the
 * shape of each expect, JSON literals without variables, types, counts,
 * one action per step, preconditions that steps rely on), so a typo
 * shows up in `scenario-runner --list` rather than halfway through a run.
 */

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "mem.h"
#include "scenario.h"
#include "vars.h"

struct scn_parser {
	struct scenario	*s;
	struct scn_step	*step;		/* NULL: still in the case header */
	int		 line;
	const char	*kw;
};

struct scn_keyword {
	const char	*name;
	int		 in_step;	/* 1: step keyword, 0: header */
	int		 (*fn)(struct scn_parser *, char *);
};

static int	scn_fail(struct scn_parser *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static char	*scn_word(char **);
static char	*scn_path_word(char **);
static void	*scn_push(struct scn_parser *, void **, size_t *, size_t,
		    size_t, const char *);
static int	scn_json_ok(const char *);
static int	scn_header_name_ok(const char *);
static int	scn_step_finish(struct scn_parser *);
static int	scn_case_finish(struct scn_parser *);
static int	scn_set_action(struct scn_parser *, enum scn_action);
static const struct scn_keyword *scn_lookup(const char *);
static const char *scn_suggest(const char *);
static int	scn_distance(const char *, const char *);
static char	*scn_id_from_path(const char *);

static int	kw_id(struct scn_parser *, char *);
static int	kw_title(struct scn_parser *, char *);
static int	kw_group(struct scn_parser *, char *);
static int	kw_needs(struct scn_parser *, char *);
static int	kw_tags(struct scn_parser *, char *);
static int	kw_guide(struct scn_parser *, char *);
static int	kw_why(struct scn_parser *, char *);
static int	kw_step(struct scn_parser *, char *);
static int	kw_method(struct scn_parser *, char *);
static int	kw_verb(struct scn_parser *, char *);
static int	kw_header(struct scn_parser *, char *);
static int	kw_body(struct scn_parser *, char *);
static int	kw_form(struct scn_parser *, char *);
static int	kw_mcp(struct scn_parser *, char *);
static int	kw_token(struct scn_parser *, char *);
static int	kw_shell(struct scn_parser *, char *);
static int	kw_client(struct scn_parser *, char *);
static int	kw_capture(struct scn_parser *, char *);
static int	kw_timeout(struct scn_parser *, char *);
static int	scn_regex_ok(struct scn_parser *, const char *);
static int	kw_expect(struct scn_parser *, char *);

static const struct scn_keyword scn_keywords[] = {
	{ "id",		0, kw_id },
	{ "title",	0, kw_title },
	{ "group",	0, kw_group },
	{ "needs",	0, kw_needs },
	{ "tags",	0, kw_tags },
	{ "guide",	0, kw_guide },
	{ "why",	0, kw_why },
	{ "step",	1, kw_step },
	{ "get",	1, kw_verb },
	{ "post",	1, kw_verb },
	{ "put",	1, kw_verb },
	{ "patch",	1, kw_verb },
	{ "delete",	1, kw_verb },
	{ "options",	1, kw_verb },
	{ "head",	1, kw_verb },
	{ "method",	1, kw_method },
	{ "header",	1, kw_header },
	{ "body",	1, kw_body },
	{ "form",	1, kw_form },
	{ "mcp",	1, kw_mcp },
	{ "notify",	1, kw_mcp },
	{ "token",	1, kw_token },
	{ "shell",	1, kw_shell },
	{ "client",	1, kw_client },
	{ "capture",	1, kw_capture },
	{ "timeout",	1, kw_timeout },
	{ "expect",	1, kw_expect },
	{ NULL,		0, NULL }
};

/* Token sources (docs/scenarios.md "Token sources"). */
static const char *scn_token_sources[] = {
	"none", "valid", "client", "fake", "wrong-audience", "minted",
	"env", "raw", "header", NULL
};

static const char *scn_json_types[] = {
	"string", "number", "integer", "boolean", "null", "array", "object",
	NULL
};

static const char *scn_client_actions[] = {
	"connect", "list-tools", "call", "close", NULL
};

/* Built-in variables a capture may not shadow. */
static const char *scn_builtins[] = {
	"base", "mcp", "host", "tenant", "client_id", "api_uri", "run", NULL
};

static int
scn_fail(struct scn_parser *p, const char *fmt, ...)
{
	struct buf	b;
	va_list		ap;
	char		msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_init(&b);
	if (p->line > 0)
		buf_appendf(&b, "%s:%d: %s", p->s->path, p->line, msg);
	else
		buf_appendf(&b, "%s: %s", p->s->path, msg);
	free(p->s->error);
	p->s->error = buf_release(&b);
	return (-1);
}

/* Next white-space separated word of *sp, NUL-terminated in place. */
static char *
scn_word(char **sp)
{
	char	*s, *w;

	s = *sp;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0') {
		*sp = s;
		return (NULL);
	}
	w = s;
	while (*s != '\0' && !isspace((unsigned char)*s))
		s++;
	if (*s != '\0')
		*s++ = '\0';
	while (isspace((unsigned char)*s))
		s++;
	*sp = s;
	return (w);
}

/* Append one zeroed element to a bounded array. */
static void *
scn_push(struct scn_parser *p, void **arr, size_t *n, size_t size,
    size_t max, const char *what)
{
	char	*e;

	if (*n >= max) {
		scn_fail(p, "more than %zu %s", max, what);
		return (NULL);
	}
	*arr = xreallocarray(*arr, *n + 1, size);
	e = (char *)*arr + *n * size;
	memset(e, 0, size);
	(*n)++;
	return (e);
}

/*
 * A JSON literal is checked now unless it uses {variables}: then only
 * the expanded text can be checked, when the step runs.
 */
static int
scn_json_ok(const char *text)
{
	json_t		*j;
	json_error_t	 e;

	if ((j = json_loads(text, JSON_DECODE_ANY, &e)) != NULL) {
		json_decref(j);
		return (1);
	}
	return (vars_has_ref(text));
}

/* RFC 9110 token characters. */
static int
scn_header_name_ok(const char *s)
{
	if (*s == '\0')
		return (0);
	for (; *s != '\0'; s++) {
		if (!isalnum((unsigned char)*s) &&
		    strchr("!#$%&'*+-.^_`|~", *s) == NULL)
			return (0);
	}
	return (1);
}

static int
scn_in(const char *w, const char **list)
{
	size_t	i;

	for (i = 0; list[i] != NULL; i++) {
		if (strcmp(w, list[i]) == 0)
			return (1);
	}
	return (0);
}

static int
kw_id(struct scn_parser *p, char *rest)
{
	size_t	i;

	if (p->s->id != NULL)
		return (scn_fail(p, "'id' given twice"));
	if (!isupper((unsigned char)rest[0]) ||
	    strlen(rest) >= SCN_ID_MAX)
		return (scn_fail(p, "id must be a group letter and up to "
		    "%d letters or digits, e.g. B5", SCN_ID_MAX - 2));
	for (i = 1; rest[i] != '\0'; i++) {
		if (!isalnum((unsigned char)rest[i]))
			return (scn_fail(p, "id must be a group letter and "
			    "letters or digits, e.g. B5, got '%s'", rest));
	}
	p->s->id = xstrdup(rest);
	return (0);
}

static int
kw_title(struct scn_parser *p, char *rest)
{
	if (p->s->title != NULL)
		return (scn_fail(p, "'title' given twice"));
	if (*rest == '\0')
		return (scn_fail(p, "title is empty"));
	p->s->title = xstrdup(rest);
	return (0);
}

static int
kw_group(struct scn_parser *p, char *rest)
{
	if (p->s->group != '\0')
		return (scn_fail(p, "'group' given twice"));
	if (!isupper((unsigned char)rest[0]) || rest[1] != '\0')
		return (scn_fail(p, "group is one capital letter "
		    "(A B C D E M S), got '%s'", rest));
	p->s->group = rest[0];
	return (0);
}

static int
kw_needs(struct scn_parser *p, char *rest)
{
	char		*what, *arg;
	enum scn_auth	 a;

	what = scn_word(&rest);
	if (what == NULL)
		return (scn_fail(p, "needs what? auth on, auth off, local "
		    "or target NAME"));
	if (strcmp(what, "auth") == 0) {
		arg = scn_word(&rest);
		if (arg == NULL || *rest != '\0' ||
		    (strcmp(arg, "on") != 0 && strcmp(arg, "off") != 0))
			return (scn_fail(p, "needs auth on|off"));
		a = strcmp(arg, "on") == 0 ? SCN_AUTH_ON : SCN_AUTH_OFF;
		if (p->s->need_auth != SCN_AUTH_ANY && p->s->need_auth != a)
			return (scn_fail(p, "needs both auth on and off"));
		p->s->need_auth = a;
	} else if (strcmp(what, "local") == 0) {
		if (*rest != '\0')
			return (scn_fail(p, "'needs local' takes nothing "
			    "more"));
		p->s->need_local = 1;
	} else if (strcmp(what, "target") == 0) {
		arg = scn_word(&rest);
		if (arg == NULL || *rest != '\0')
			return (scn_fail(p, "needs target NAME"));
		if (p->s->need_target != NULL)
			return (scn_fail(p, "needs two targets"));
		p->s->need_target = xstrdup(arg);
	} else {
		return (scn_fail(p, "unknown precondition '%s' (auth on, "
		    "auth off, local, target NAME)", what));
	}
	return (0);
}

static int
kw_tags(struct scn_parser *p, char *rest)
{
	char	*w;

	while ((w = scn_word(&rest)) != NULL) {
		if (p->s->ntags == SCN_TAGS_MAX)
			return (scn_fail(p, "more than %d tags",
			    SCN_TAGS_MAX));
		p->s->tags[p->s->ntags++] = xstrdup(w);
	}
	return (0);
}

static int
kw_guide(struct scn_parser *p, char *rest)
{
	if (p->s->guide != NULL)
		return (scn_fail(p, "'guide' given twice"));
	p->s->guide = xstrdup(rest);
	return (0);
}

static int
kw_why(struct scn_parser *p, char *rest)
{
	struct buf	b;
	size_t		n;
	const char	*c;

	n = 1;
	if (p->s->why != NULL) {
		for (c = p->s->why; *c != '\0'; c++)
			n += *c == '\n';
	}
	if (n > SCN_WHY_MAX)
		return (scn_fail(p, "more than %d why lines", SCN_WHY_MAX));
	buf_init(&b);
	if (p->s->why != NULL)
		buf_appendf(&b, "%s\n", p->s->why);
	buf_appends(&b, rest);
	free(p->s->why);
	p->s->why = buf_release(&b);
	return (0);
}

static int
kw_step(struct scn_parser *p, char *rest)
{
	struct scn_step	*st;

	if (p->step != NULL && scn_step_finish(p) == -1)
		return (-1);
	if (*rest == '\0')
		return (scn_fail(p, "step needs a text saying what it does"));
	st = scn_push(p, (void **)&p->s->steps, &p->s->nsteps,
	    sizeof(*st), SCN_STEPS_MAX, "steps");
	if (st == NULL)
		return (-1);
	st->line = p->line;
	st->number = (int)p->s->nsteps;
	st->title = xstrdup(rest);
	p->step = st;
	return (0);
}

static int
scn_set_action(struct scn_parser *p, enum scn_action a)
{
	if (p->step->action != SCN_ACT_NONE)
		return (scn_fail(p, "step already has '%s' (line %d): one "
		    "request, shell or client action per step",
		    scenario_action_name(p->step->action),
		    p->step->action_line));
	p->step->action = a;
	p->step->action_line = p->line;
	return (0);
}

static int
kw_verb(struct scn_parser *p, char *rest)
{
	char	*target, m[16];
	size_t	 i;

	if ((target = scn_word(&rest)) == NULL || *rest != '\0')
		return (scn_fail(p, "%s needs exactly one target (/path or "
		    "URL)", p->kw));
	if (scn_set_action(p, SCN_ACT_HTTP) == -1)
		return (-1);
	for (i = 0; p->kw[i] != '\0' && i < sizeof(m) - 1; i++)
		m[i] = (char)toupper((unsigned char)p->kw[i]);
	m[i] = '\0';
	p->step->method = xstrdup(m);
	p->step->target = xstrdup(target);
	return (0);
}

/* method VERB TARGET: any other method, e.g. TRACE or an invalid one. */
static int
kw_method(struct scn_parser *p, char *rest)
{
	char	*verb, *target;

	verb = scn_word(&rest);
	target = scn_word(&rest);
	if (verb == NULL || target == NULL || *rest != '\0')
		return (scn_fail(p, "method VERB TARGET"));
	if (!scn_header_name_ok(verb) || strlen(verb) > 32)
		return (scn_fail(p, "method '%s' is not an HTTP token",
		    verb));
	if (scn_set_action(p, SCN_ACT_HTTP) == -1)
		return (-1);
	p->step->method = xstrdup(verb);
	p->step->target = xstrdup(target);
	return (0);
}

/*
 * header Name: value. A step header replaces a default header of the
 * same name; "Name:" with no value sends no such header at all.
 */
static int
kw_header(struct scn_parser *p, char *rest)
{
	struct scn_kv	*kv;
	char		*colon, *v;

	if ((colon = strchr(rest, ':')) == NULL)
		return (scn_fail(p, "header Name: value"));
	*colon = '\0';
	v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	if (!scn_header_name_ok(rest))
		return (scn_fail(p, "'%s' is not a header name", rest));
	kv = scn_push(p, (void **)&p->step->headers, &p->step->nheaders,
	    sizeof(*kv), SCN_HEADERS_MAX, "headers in a step");
	if (kv == NULL)
		return (-1);
	kv->line = p->line;
	kv->name = xstrdup(rest);
	kv->value = xstrdup(v);
	return (0);
}

static int
kw_body(struct scn_parser *p, char *rest)
{
	if (p->step->body != NULL)
		return (scn_fail(p, "step already has a body"));
	p->step->body = xstrdup(rest);
	return (0);
}

static int
kw_form(struct scn_parser *p, char *rest)
{
	struct scn_kv	*kv;
	char		*eq;

	if ((eq = strchr(rest, '=')) == NULL || eq == rest)
		return (scn_fail(p, "form name=value"));
	*eq = '\0';
	kv = scn_push(p, (void **)&p->step->form, &p->step->nform,
	    sizeof(*kv), SCN_FORM_MAX, "form fields in a step");
	if (kv == NULL)
		return (-1);
	kv->line = p->line;
	kv->name = xstrdup(rest);
	kv->value = xstrdup(eq + 1);
	return (0);
}

/* mcp METHOD [PARAMS] and notify METHOD [PARAMS]. */
static int
kw_mcp(struct scn_parser *p, char *rest)
{
	char	*m;

	if ((m = scn_word(&rest)) == NULL)
		return (scn_fail(p, "%s METHOD [PARAMS-JSON]", p->kw));
	if (*rest != '\0' && !scn_json_ok(rest))
		return (scn_fail(p, "%s params are not JSON: %.60s", p->kw,
		    rest));
	if (scn_set_action(p, strcmp(p->kw, "mcp") == 0 ? SCN_ACT_MCP :
	    SCN_ACT_NOTIFY) == -1)
		return (-1);
	p->step->rpc_method = xstrdup(m);
	p->step->rpc_params = *rest == '\0' ? NULL : xstrdup(rest);
	return (0);
}

static int
kw_token(struct scn_parser *p, char *rest)
{
	char	*copy, *w, *r;

	if (p->step->token != NULL)
		return (scn_fail(p, "step already has a token (line %d)",
		    p->step->token_line));
	copy = xstrdup(rest);
	r = copy;
	w = scn_word(&r);
	if (w == NULL || !scn_in(w, scn_token_sources)) {
		scn_fail(p, "unknown token source '%s' (none valid client "
		    "fake wrong-audience minted env raw header)",
		    w == NULL ? "" : w);
		free(copy);
		return (-1);
	}
	if ((strcmp(w, "client") == 0 || strcmp(w, "env") == 0) &&
	    (scn_word(&r) == NULL || *r != '\0')) {
		scn_fail(p, "token %s NAME", w);
		free(copy);
		return (-1);
	}
	if (strcmp(w, "minted") == 0 && !p->s->need_local) {
		free(copy);
		return (scn_fail(p, "token minted signs with the local key: "
		    "add 'needs local' to the case header"));
	}
	free(copy);
	p->step->token = xstrdup(rest);
	p->step->token_line = p->line;
	return (0);
}

static int
kw_shell(struct scn_parser *p, char *rest)
{
	if (*rest == '\0')
		return (scn_fail(p, "shell COMMAND"));
	if (!p->s->need_local)
		return (scn_fail(p, "shell steps run local commands: add "
		    "'needs local' to the case header"));
	if (scn_set_action(p, SCN_ACT_SHELL) == -1)
		return (-1);
	p->step->command = xstrdup(rest);
	return (0);
}

static int
kw_client(struct scn_parser *p, char *rest)
{
	char	*copy, *r, *a, *arg;
	int	 ok;

	copy = xstrdup(rest);
	r = copy;
	a = scn_word(&r);
	ok = a != NULL && scn_in(a, scn_client_actions);
	if (ok && strcmp(a, "call") == 0) {
		ok = scn_word(&r) != NULL &&
		    (*r == '\0' || scn_json_ok(r));
	} else if (ok && strcmp(a, "connect") == 0) {
		/* connect [PROTOCOL-VERSION] */
		arg = scn_word(&r);
		ok = *r == '\0' && (arg == NULL || strlen(arg) < 32);
	} else if (ok)
		ok = *r == '\0';
	free(copy);
	if (!ok)
		return (scn_fail(p, "client connect [VERSION] | list-tools | "
		    "call TOOL [ARGS-JSON] | close"));
	if (scn_set_action(p, SCN_ACT_CLIENT) == -1)
		return (-1);
	p->step->client = xstrdup(rest);
	p->s->uses_client = 1;
	return (0);
}

/* timeout SECONDS: this step's request deadline. */
static int
kw_timeout(struct scn_parser *p, char *rest)
{
	char	*end;
	long	 v;

	if (p->step->timeout_ms != 0)
		return (scn_fail(p, "'timeout' given twice"));
	errno = 0;
	v = strtol(rest, &end, 10);
	if (*rest == '\0' || *end != '\0' || errno != 0 || v < 1 ||
	    v > SCN_TIMEOUT_MAX)
		return (scn_fail(p, "timeout SECONDS, from 1 to %d",
		    SCN_TIMEOUT_MAX));
	p->step->timeout_ms = v * 1000;
	return (0);
}

/*
 * A capture's regular expression (POSIX extended): checked now unless it
 * uses {variables}; at most one group, whose match is the value.
 */
static int
scn_regex_ok(struct scn_parser *p, const char *re)
{
	regex_t	rx;
	char	msg[128];
	int	rc;

	if (*re == '\0')
		return (scn_fail(p, "capture ... ~ REGEX: the expression is "
		    "empty"));
	if (vars_has_ref(re))
		return (0);
	if ((rc = regcomp(&rx, re, REG_EXTENDED)) != 0) {
		regerror(rc, &rx, msg, sizeof(msg));
		return (scn_fail(p, "capture regex '%.60s': %s", re, msg));
	}
	rc = rx.re_nsub > 1;
	regfree(&rx);
	if (rc)
		return (scn_fail(p, "capture regex '%.60s' has more than one "
		    "group: the value is the first group's match, so only "
		    "one may be written", re));
	return (0);
}

/*
 * capture NAME json PATH [~ REGEX] | capture NAME header NAME [~ REGEX] |
 * capture NAME body ~ REGEX
 */
static int
kw_capture(struct scn_parser *p, char *rest)
{
	struct scn_capture	*c;
	char			*name, *from, *src, *tilde;
	enum scn_capture_from	 kind;
	size_t			 i;

	name = scn_word(&rest);
	from = scn_word(&rest);
	src = NULL;
	kind = SCN_CAP_JSON;
	if (from != NULL && strcmp(from, "json") == 0) {
		kind = SCN_CAP_JSON;
		src = scn_path_word(&rest);
	} else if (from != NULL && strcmp(from, "header") == 0) {
		kind = SCN_CAP_HEADER;
		src = scn_word(&rest);
	} else if (from != NULL && strcmp(from, "body") == 0)
		kind = SCN_CAP_BODY;
	else
		from = NULL;
	tilde = scn_word(&rest);
	if (name == NULL || from == NULL || (kind != SCN_CAP_BODY &&
	    src == NULL) || (tilde == NULL && kind == SCN_CAP_BODY) ||
	    (tilde != NULL && (strcmp(tilde, "~") != 0 || *rest == '\0')))
		return (scn_fail(p, "capture NAME json PATH [~ REGEX] | "
		    "capture NAME header NAME [~ REGEX] | capture NAME body "
		    "~ REGEX"));
	if (!vars_name_ok(name))
		return (scn_fail(p, "capture name '%s': letters, digits "
		    "and _", name));
	if (scn_in(name, scn_builtins))
		return (scn_fail(p, "capture name '%s' is a built-in "
		    "variable", name));
	if (tilde != NULL && scn_regex_ok(p, rest) == -1)
		return (-1);
	for (i = 0; i < p->step->ncaptures; i++) {
		if (strcmp(p->step->captures[i].name, name) == 0)
			return (scn_fail(p, "'%s' captured twice in this "
			    "step", name));
	}
	c = scn_push(p, (void **)&p->step->captures, &p->step->ncaptures,
	    sizeof(*c), SCN_CAPTURES_MAX, "captures in a step");
	if (c == NULL)
		return (-1);
	c->line = p->line;
	c->name = xstrdup(name);
	c->from = kind;
	c->source = src == NULL ? NULL : xstrdup(src);
	c->regex = tilde == NULL ? NULL : xstrdup(rest);
	return (0);
}

/*
 * The operator part of an expect line: "= X", "!= X", "~ X", "!~ X" or
 * a keyword. Returns the op and points *arg at the argument (or NULL).
 */
static int
scn_op(char *rest, enum scn_op *op, char **arg)
{
	char	*w;

	*arg = NULL;
	if ((w = scn_word(&rest)) == NULL)
		return (-1);
	if (strcmp(w, "=") == 0)
		*op = SCN_OP_EQ;
	else if (strcmp(w, "!=") == 0)
		*op = SCN_OP_NE;
	else if (strcmp(w, "~") == 0)
		*op = SCN_OP_HAS;
	else if (strcmp(w, "!~") == 0)
		*op = SCN_OP_HASNT;
	else if (strcmp(w, "exists") == 0)
		*op = SCN_OP_EXISTS;
	else if (strcmp(w, "absent") == 0)
		*op = SCN_OP_ABSENT;
	else if (strcmp(w, "empty") == 0)
		*op = SCN_OP_EMPTY;
	else if (strcmp(w, "count") == 0)
		*op = SCN_OP_COUNT;
	else if (strcmp(w, "contains") == 0)
		*op = SCN_OP_CONTAINS;
	else if (strcmp(w, "type") == 0)
		*op = SCN_OP_TYPE;
	else
		return (-1);
	switch (*op) {
	case SCN_OP_EXISTS:
	case SCN_OP_ABSENT:
	case SCN_OP_EMPTY:
		if (*rest != '\0')
			return (-1);
		break;
	case SCN_OP_EQ:
	case SCN_OP_NE:
		/* An empty value is allowed: "= " compares with "". */
		*arg = rest;
		break;
	default:
		if (*rest == '\0')
			return (-1);
		*arg = rest;
		break;
	}
	return (0);
}

/* JSON paths may hold spaces only inside ["..."]. */
static char *
scn_path_word(char **sp)
{
	char	*s, *w;
	int	 inq;

	s = *sp;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return (NULL);
	w = s;
	for (inq = 0; *s != '\0' && (inq || !isspace((unsigned char)*s));
	    s++) {
		if (*s == '\\' && inq && s[1] != '\0')
			s++;
		else if (*s == '"')
			inq = !inq;
	}
	if (*s != '\0')
		*s++ = '\0';
	while (isspace((unsigned char)*s))
		s++;
	*sp = s;
	return (w);
}

static int
scn_status_list(struct scn_parser *p, struct scn_expect *e, char *list)
{
	char	*code, *end;
	long	 v;

	while ((code = strsep(&list, "|")) != NULL) {
		if (e->nstatus == SCN_STATUS_ALT_MAX)
			return (scn_fail(p, "more than %d status codes",
			    SCN_STATUS_ALT_MAX));
		errno = 0;
		v = strtol(code, &end, 10);
		if (*code == '\0' || *end != '\0' || errno != 0 || v < 0 ||
		    v > 999)
			return (scn_fail(p, "status code '%s' is not a number "
			    "from 0 to 999", code));
		e->status[e->nstatus++] = (int)v;
	}
	return (0);
}

static int
kw_expect(struct scn_parser *p, char *rest)
{
	struct scn_expect	*e;
	char			*what, *subj, *arg, *end, *line;
	enum scn_op		 op;

	line = xstrdup(rest);
	e = scn_push(p, (void **)&p->step->expects, &p->step->nexpects,
	    sizeof(*e), SCN_EXPECTS_MAX, "expect lines in a step");
	if (e == NULL) {
		free(line);
		return (-1);
	}
	e->line = p->line;
	e->text = line;

	if ((what = scn_word(&rest)) == NULL)
		return (scn_fail(p, "expect what? status header body json "
		    "challenge client diagnosis"));

	if (strcmp(what, "status") == 0) {
		e->what = SCN_EXP_STATUS;
		e->op = SCN_OP_STATUS;
		if ((arg = scn_word(&rest)) == NULL || *rest != '\0')
			return (scn_fail(p, "expect status CODE[|CODE...]"));
		return (scn_status_list(p, e, arg));
	}

	if (strcmp(what, "client") == 0) {
		e->what = SCN_EXP_CLIENT;
		subj = scn_word(&rest);
		if (subj != NULL && strcmp(subj, "ok") == 0 && *rest == '\0') {
			e->op = SCN_OP_OK;
			return (0);
		}
		if (subj != NULL && strcmp(subj, "status") == 0) {
			e->op = SCN_OP_STATUS;
			if ((arg = scn_word(&rest)) == NULL || *rest != '\0')
				return (scn_fail(p, "expect client status "
				    "CODE"));
			return (scn_status_list(p, e, arg));
		}
		if (subj != NULL && strcmp(subj, "error") == 0 &&
		    scn_op(rest, &op, &arg) == 0 && op == SCN_OP_HAS) {
			e->op = op;
			e->subject = xstrdup("error");
			e->arg = xstrdup(arg);
			return (0);
		}
		return (scn_fail(p, "expect client ok | client error ~ TEXT "
		    "| client status CODE"));
	}

	if (strcmp(what, "diagnosis") == 0) {
		e->what = SCN_EXP_DIAGNOSIS;
		if (scn_op(rest, &op, &arg) == -1 || (op != SCN_OP_HAS &&
		    op != SCN_OP_HASNT))
			return (scn_fail(p, "expect diagnosis ~ TEXT | !~ "
			    "TEXT"));
		p->step->reproduces = 1;
	} else if (strcmp(what, "body") == 0) {
		e->what = SCN_EXP_BODY;
		if (scn_op(rest, &op, &arg) == -1 || (op != SCN_OP_HAS &&
		    op != SCN_OP_HASNT && op != SCN_OP_EMPTY &&
		    op != SCN_OP_EQ))
			return (scn_fail(p, "expect body ~ TEXT | !~ TEXT | "
			    "= TEXT | empty"));
	} else if (strcmp(what, "header") == 0 ||
	    strcmp(what, "challenge") == 0) {
		e->what = what[0] == 'h' ? SCN_EXP_HEADER : SCN_EXP_CHALLENGE;
		if ((subj = scn_word(&rest)) == NULL ||
		    !scn_header_name_ok(subj))
			return (scn_fail(p, "expect %s NAME ...", what));
		e->subject = xstrdup(subj);
		if (scn_op(rest, &op, &arg) == -1 || (op != SCN_OP_EQ &&
		    op != SCN_OP_HAS && op != SCN_OP_HASNT &&
		    op != SCN_OP_EXISTS && op != SCN_OP_ABSENT))
			return (scn_fail(p, "expect %s NAME = VALUE | ~ TEXT "
			    "| !~ TEXT | exists | absent", what));
	} else if (strcmp(what, "json") == 0) {
		e->what = SCN_EXP_JSON;
		if ((subj = scn_path_word(&rest)) == NULL)
			return (scn_fail(p, "expect json PATH ..."));
		e->subject = xstrdup(subj);
		if (scn_op(rest, &op, &arg) == -1 || op == SCN_OP_EMPTY)
			return (scn_fail(p, "expect json PATH = JSON | != "
			    "JSON | exists | absent | ~ TEXT | !~ TEXT | "
			    "count N | contains JSON | type T"));
		if ((op == SCN_OP_EQ || op == SCN_OP_NE ||
		    op == SCN_OP_CONTAINS) && !scn_json_ok(arg))
			return (scn_fail(p, "'%.60s' is not a JSON value "
			    "(strings need quotes: \"%.40s\")", arg, arg));
		if (op == SCN_OP_TYPE && !scn_in(arg, scn_json_types))
			return (scn_fail(p, "type '%s': string number integer "
			    "boolean null array object", arg));
		if (op == SCN_OP_COUNT) {
			errno = 0;
			e->count = strtol(arg, &end, 10);
			if (*end != '\0' || errno != 0 || e->count < 0)
				return (scn_fail(p, "count '%s' is not a "
				    "number", arg));
		}
	} else {
		return (scn_fail(p, "expect %s? status header body json "
		    "challenge client diagnosis", what));
	}
	e->op = op;
	if (arg != NULL)
		e->arg = xstrdup(arg);
	return (0);
}

/* What a step must hold together, checked when the next one starts. */
static int
scn_step_finish(struct scn_parser *p)
{
	struct scn_step	*st;
	size_t		 i;
	int		 line;

	st = p->step;
	line = p->line;
	p->line = st->line;
	switch (st->action) {
	case SCN_ACT_NONE:
		return (scn_fail(p, "step %d has no request (get post put "
		    "patch delete options head method mcp notify shell "
		    "client)", st->number));
	case SCN_ACT_HTTP:
		if (st->body != NULL && st->nform > 0)
			return (scn_fail(p, "step %d has both body and form",
			    st->number));
		break;
	case SCN_ACT_MCP:
	case SCN_ACT_NOTIFY:
		if (st->body != NULL || st->nform > 0)
			return (scn_fail(p, "step %d: mcp/notify make the "
			    "body; use post for a body of your own",
			    st->number));
		break;
	case SCN_ACT_SHELL:
		if (st->body != NULL || st->nform > 0 || st->nheaders > 0 ||
		    st->token != NULL || st->timeout_ms != 0)
			return (scn_fail(p, "step %d: shell steps take no "
			    "header, body, form, token or timeout",
			    st->number));
		break;
	case SCN_ACT_CLIENT:
		if (st->body != NULL || st->nform > 0 || st->nheaders > 0)
			return (scn_fail(p, "step %d: client steps take no "
			    "header, body or form", st->number));
		/* The session's token is given once, when it connects. */
		if (st->token != NULL && strncmp(st->client, "connect", 7) != 0)
			return (scn_fail(p, "step %d: the token goes on the "
			    "client connect step; the client sends it on "
			    "every request", st->number));
		break;
	}
	for (i = 0; i < st->nexpects; i++) {
		p->line = st->expects[i].line;
		switch (st->expects[i].what) {
		case SCN_EXP_CLIENT:
			if (st->action != SCN_ACT_CLIENT)
				return (scn_fail(p, "expect client needs a "
				    "client step"));
			break;
		case SCN_EXP_STATUS:
		case SCN_EXP_BODY:
			if (st->action == SCN_ACT_CLIENT)
				return (scn_fail(p, "client steps take "
				    "expect client or json"));
			break;
		case SCN_EXP_HEADER:
		case SCN_EXP_CHALLENGE:
			if (st->action == SCN_ACT_CLIENT ||
			    st->action == SCN_ACT_SHELL)
				return (scn_fail(p, "no headers in a %s step",
				    scenario_action_name(st->action)));
			break;
		case SCN_EXP_JSON:
			if (st->action == SCN_ACT_SHELL)
				return (scn_fail(p, "no JSON in a shell "
				    "step"));
			break;
		case SCN_EXP_DIAGNOSIS:
			if (st->action == SCN_ACT_SHELL)
				return (scn_fail(p, "the runner diagnoses "
				    "requests, not shell steps"));
			if (st->ncaptures > 0)
				return (scn_fail(p, "a step that reproduces "
				    "a failure (expect diagnosis) captures "
				    "nothing"));
			break;
		}
	}
	for (i = 0; i < st->ncaptures; i++) {
		p->line = st->captures[i].line;
		if (st->action == SCN_ACT_SHELL ||
		    (st->action == SCN_ACT_CLIENT &&
		    st->captures[i].from != SCN_CAP_JSON))
			return (scn_fail(p, "nothing to capture that from in "
			    "a %s step", scenario_action_name(st->action)));
	}
	p->line = line;
	return (0);
}

static int
scn_case_finish(struct scn_parser *p)
{
	struct scenario	*s;
	const char	*base;
	size_t		 n;

	s = p->s;
	if (p->step != NULL && scn_step_finish(p) == -1)
		return (-1);
	p->line = 0;
	if (s->id == NULL)
		return (scn_fail(p, "no 'id' line"));
	if (s->title == NULL)
		return (scn_fail(p, "no 'title' line"));
	if (s->group == '\0')
		return (scn_fail(p, "no 'group' line"));
	if (s->id[0] != s->group)
		return (scn_fail(p, "id %s is not in group %c (ids start "
		    "with their group letter)", s->id, s->group));
	if (s->nsteps == 0)
		return (scn_fail(p, "no steps"));
	base = strrchr(s->path, '/');
	base = base == NULL ? s->path : base + 1;
	n = strlen(s->id);
	if (strncmp(base, s->id, n) != 0 || base[n] != '-' ||
	    strlen(base) < n + 6 ||
	    strcmp(base + strlen(base) - 4, ".scn") != 0)
		return (scn_fail(p, "file name must be %s-<slug>.scn to "
		    "match its id", s->id));
	return (0);
}

static const struct scn_keyword *
scn_lookup(const char *w)
{
	const struct scn_keyword	*k;

	for (k = scn_keywords; k->name != NULL; k++) {
		if (strcmp(k->name, w) == 0)
			return (k);
	}
	return (NULL);
}

/* Levenshtein distance, for "did you mean" on short keywords. */
static int
scn_distance(const char *a, const char *b)
{
	int	d[SCN_ID_MAX][SCN_ID_MAX];
	size_t	i, j, la, lb;
	int	c, m;

	la = strlen(a);
	lb = strlen(b);
	if (la >= SCN_ID_MAX || lb >= SCN_ID_MAX)
		return (99);
	for (i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			c = a[i - 1] != b[j - 1];
			m = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < m)
				m = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + c < m)
				m = d[i - 1][j - 1] + c;
			d[i][j] = m;
		}
	}
	return (d[la][lb]);
}

static const char *
scn_suggest(const char *w)
{
	const struct scn_keyword	*k;

	for (k = scn_keywords; k->name != NULL; k++) {
		if (scn_distance(w, k->name) <= 2)
			return (k->name);
	}
	return (NULL);
}

/* "B5" from ".../B5-wrong-audience.scn", for files that fail early. */
static char *
scn_id_from_path(const char *path)
{
	const char	*base, *dash;

	base = strrchr(path, '/');
	base = base == NULL ? path : base + 1;
	if ((dash = strchr(base, '-')) == NULL)
		dash = base + strcspn(base, ".");
	if (dash == base || dash - base >= SCN_ID_MAX)
		return (xstrdup("?"));
	return (xstrndup(base, (size_t)(dash - base)));
}

int
scenario_parse(struct scenario *s, const char *path, const char *text,
    size_t len)
{
	struct scn_parser		 p;
	const struct scn_keyword	*k;
	const char			*end, *nl, *hint;
	char				 line[SCN_LINE_MAX + 2], *rest, *kw;
	char				 term[64];
	struct buf			 doc;
	size_t				 n, start;
	int				 doc_line;

	memset(s, 0, sizeof(*s));
	memset(&p, 0, sizeof(p));
	s->path = xstrdup(path);
	p.s = s;
	buf_init(&doc);

	if (len > SCN_FILE_MAX) {
		scn_fail(&p, "file is over %d bytes", SCN_FILE_MAX);
		goto fail;
	}
	if (memchr(text, '\0', len) != NULL) {
		scn_fail(&p, "file holds a NUL byte");
		goto fail;
	}

	end = text + len;
	doc_line = 0;
	while (text < end) {
		p.line++;
		nl = memchr(text, '\n', (size_t)(end - text));
		n = nl == NULL ? (size_t)(end - text) : (size_t)(nl - text);
		if (n > SCN_LINE_MAX) {
			scn_fail(&p, "line is over %d bytes", SCN_LINE_MAX);
			goto fail;
		}
		memcpy(line, text, n);
		line[n] = '\0';
		text = nl == NULL ? end : nl + 1;
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';

		/* Inside body <<TERM: lines verbatim up to TERM. */
		if (doc_line != 0) {
			rest = line;
			while (isspace((unsigned char)*rest))
				rest++;
			start = strlen(rest);
			while (start > 0 &&
			    isspace((unsigned char)rest[start - 1]))
				rest[--start] = '\0';
			if (strcmp(rest, term) == 0) {
				p.step->body = buf_release(&doc);
				doc_line = 0;
				continue;
			}
			if (doc.data != NULL || doc.len > 0)
				buf_appendc(&doc, '\n');
			buf_append(&doc, line, n);
			continue;
		}

		while (n > 0 && isspace((unsigned char)line[n - 1]))
			line[--n] = '\0';
		rest = line;
		while (isspace((unsigned char)*rest))
			rest++;
		if (*rest == '\0' || *rest == '#')
			continue;

		kw = rest;
		while (*rest != '\0' && !isspace((unsigned char)*rest))
			rest++;
		if (*rest != '\0')
			*rest++ = '\0';
		while (isspace((unsigned char)*rest))
			rest++;

		if ((k = scn_lookup(kw)) == NULL) {
			hint = scn_suggest(kw);
			if (hint != NULL)
				scn_fail(&p, "unknown keyword '%.40s' (did you "
				    "mean '%s'?)", kw, hint);
			else
				scn_fail(&p, "unknown keyword '%.40s'", kw);
			goto fail;
		}
		if (k->in_step && p.step == NULL && strcmp(kw, "step") != 0) {
			scn_fail(&p, "'%s' before the first 'step'", kw);
			goto fail;
		}
		if (!k->in_step && p.step != NULL) {
			scn_fail(&p, "'%s' belongs in the case header, before "
			    "the first 'step'", kw);
			goto fail;
		}
		p.kw = kw;

		if (strcmp(kw, "body") == 0 && rest[0] == '<' &&
		    rest[1] == '<' && rest[2] != '\0') {
			if (p.step->body != NULL) {
				scn_fail(&p, "step already has a body");
				goto fail;
			}
			if (!vars_name_ok(rest + 2) ||
			    strlen(rest + 2) >= sizeof(term)) {
				scn_fail(&p, "body <<END: END is a word of "
				    "letters, digits and _");
				goto fail;
			}
			snprintf(term, sizeof(term), "%s", rest + 2);
			doc_line = p.line;
			buf_reset(&doc);
			continue;
		}
		if (k->fn(&p, rest) == -1)
			goto fail;
	}
	if (doc_line != 0) {
		p.line = doc_line;
		scn_fail(&p, "body <<%s is never closed by a line '%s'",
		    term, term);
		goto fail;
	}
	if (scn_case_finish(&p) == -1)
		goto fail;
	buf_free(&doc);
	return (0);

fail:
	buf_free(&doc);
	if (s->id == NULL)
		s->id = scn_id_from_path(path);
	if (s->group == '\0')
		s->group = s->id[0];
	return (-1);
}

int
scenario_load(struct scenario *s, const char *path)
{
	struct stat	 st;
	char		*text;
	ssize_t		 r;
	size_t		 off;
	int		 fd, rc;
	char		 msg[256];

	text = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		snprintf(msg, sizeof(msg), "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > SCN_FILE_MAX) {
		snprintf(msg, sizeof(msg), "%s: not a file of at most %d "
		    "bytes", path, SCN_FILE_MAX);
		goto fail;
	}
	text = xmalloc((size_t)st.st_size + 1);
	for (off = 0; off < (size_t)st.st_size; off += (size_t)r) {
		r = read(fd, text + off, (size_t)st.st_size - off);
		if (r <= 0) {
			snprintf(msg, sizeof(msg), "%s: read: %s", path,
			    r == 0 ? "short read" : strerror(errno));
			goto fail;
		}
	}
	close(fd);
	rc = scenario_parse(s, path, text, off);
	free(text);
	return (rc);

fail:
	if (fd != -1)
		close(fd);
	free(text);
	memset(s, 0, sizeof(*s));
	s->path = xstrdup(path);
	s->error = xstrdup(msg);
	s->id = scn_id_from_path(path);
	s->group = s->id[0];
	return (-1);
}

static void
scn_step_free(struct scn_step *st)
{
	size_t	i;

	free(st->title);
	free(st->method);
	free(st->target);
	free(st->rpc_method);
	free(st->rpc_params);
	free(st->command);
	free(st->client);
	for (i = 0; i < st->nheaders; i++) {
		free(st->headers[i].name);
		free(st->headers[i].value);
	}
	free(st->headers);
	free(st->body);
	for (i = 0; i < st->nform; i++) {
		free(st->form[i].name);
		free(st->form[i].value);
	}
	free(st->form);
	free(st->token);
	for (i = 0; i < st->ncaptures; i++) {
		free(st->captures[i].name);
		free(st->captures[i].source);
		free(st->captures[i].regex);
	}
	free(st->captures);
	for (i = 0; i < st->nexpects; i++) {
		free(st->expects[i].subject);
		free(st->expects[i].arg);
		free(st->expects[i].text);
	}
	free(st->expects);
}

void
scenario_free(struct scenario *s)
{
	size_t	i;

	for (i = 0; i < s->nsteps; i++)
		scn_step_free(&s->steps[i]);
	free(s->steps);
	for (i = 0; i < s->ntags; i++)
		free(s->tags[i]);
	free(s->path);
	free(s->id);
	free(s->title);
	free(s->need_target);
	free(s->guide);
	free(s->why);
	free(s->error);
	memset(s, 0, sizeof(*s));
}

void
scenario_free_all(struct scenario *all, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		scenario_free(&all[i]);
	free(all);
}

/* Natural order: A2 before A10; the group letters alphabetically. */
int
scenario_id_cmp(const char *a, const char *b)
{
	unsigned long	na, nb;
	char		*ea, *eb;

	while (*a != '\0' && *b != '\0') {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			na = strtoul(a, &ea, 10);
			nb = strtoul(b, &eb, 10);
			if (na != nb)
				return (na < nb ? -1 : 1);
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return ((unsigned char)*a - (unsigned char)*b);
		a++;
		b++;
	}
	return ((unsigned char)*a - (unsigned char)*b);
}

static int
scn_cmp(const void *a, const void *b)
{
	const struct scenario	*sa = a, *sb = b;
	int			 c;

	if ((c = scenario_id_cmp(sa->id, sb->id)) != 0)
		return (c);
	return (strcmp(sa->path, sb->path));
}

/*
 * Every *.scn file of dir, sorted by id. Files that do not parse are
 * returned too, with their error set, so they are reported as failed.
 * A second file with the same id fails with a pointer to the first.
 */
int
scenario_load_dir(const char *dir, struct scenario **out, size_t *nout,
    char *err, size_t errlen)
{
	DIR		*d;
	struct dirent	*de;
	struct scenario	*all;
	struct buf	 path, msg;
	size_t		 n, len, i;

	*out = NULL;
	*nout = 0;
	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	all = NULL;
	n = 0;
	buf_init(&path);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".scn") != 0)
			continue;
		if (n == SCN_CASES_MAX) {
			snprintf(err, errlen, "%s: more than %d scenario "
			    "files", dir, SCN_CASES_MAX);
			closedir(d);
			buf_free(&path);
			scenario_free_all(all, n);
			return (-1);
		}
		all = xreallocarray(all, n + 1, sizeof(*all));
		buf_reset(&path);
		buf_appendf(&path, "%s/%s", dir, de->d_name);
		scenario_load(&all[n++], buf_str(&path));
	}
	closedir(d);
	buf_free(&path);
	if (n > 0)
		qsort(all, n, sizeof(*all), scn_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(all[i].id, all[i - 1].id) != 0 ||
		    all[i].error != NULL)
			continue;
		buf_init(&msg);
		buf_appendf(&msg, "%s: id %s is also used by %s", all[i].path,
		    all[i].id, all[i - 1].path);
		all[i].error = buf_release(&msg);
	}
	*out = all;
	*nout = n;
	return (0);
}

int
scenario_has_tag(const struct scenario *s, const char *tag)
{
	size_t	i;

	for (i = 0; i < s->ntags; i++) {
		if (strcmp(s->tags[i], tag) == 0)
			return (1);
	}
	return (0);
}

const char *
scenario_action_name(enum scn_action a)
{
	switch (a) {
	case SCN_ACT_HTTP:
		return ("request");
	case SCN_ACT_MCP:
		return ("mcp");
	case SCN_ACT_NOTIFY:
		return ("notify");
	case SCN_ACT_SHELL:
		return ("shell");
	case SCN_ACT_CLIENT:
		return ("client");
	default:
		return ("nothing");
	}
}
