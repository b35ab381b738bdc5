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

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "challenge.h"
#include "mem.h"

static int	ch_tchar(int);
static int	ch_t68char(int);
static size_t	ch_token(const char *);
static const char *ch_ows(const char *);
static int	ch_quoted(const char **, struct buf *);

/* RFC 9110 5.6.2 tchar. */
static int
ch_tchar(int c)
{
	return (isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c)));
}

/* RFC 9110 11.2 token68 characters (before the trailing '='s). */
static int
ch_t68char(int c)
{
	return (isalnum(c) || (c != '\0' && strchr("-._~+/", c)));
}

static size_t
ch_token(const char *p)
{
	size_t	n;

	for (n = 0; ch_tchar((unsigned char)p[n]); n++)
		;
	return (n);
}

static const char *
ch_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return (p);
}

/* quoted-string at *pp (which points at the DQUOTE) into out. */
static int
ch_quoted(const char **pp, struct buf *out)
{
	const unsigned char	*p;

	p = (const unsigned char *)*pp + 1;
	buf_reset(out);
	for (;;) {
		if (*p == '"')
			break;
		if (*p == '\\') {
			p++;
			if (*p != '\t' && (*p < 0x20 || *p == 0x7f))
				return (-1);
		} else if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
			return (-1);	/* also the end of the string */
		}
		buf_appendc(out, (char)*p);
		p++;
	}
	if (out->data == NULL)
		buf_appends(out, "");
	*pp = (const char *)p + 1;
	return (0);
}

void
challenges_init(struct challenges *cs)
{
	memset(cs, 0, sizeof(*cs));
}

void
challenges_free(struct challenges *cs)
{
	size_t	i, j;

	for (i = 0; i < cs->n; i++) {
		free(cs->c[i].scheme);
		free(cs->c[i].token68);
		for (j = 0; j < cs->c[i].nparams; j++) {
			free(cs->c[i].params[j].name);
			free(cs->c[i].params[j].value);
		}
	}
	cs->n = 0;
}

/* Parse one header value, appending its challenges to cs. */
int
challenge_parse(struct challenges *cs, const char *value, char *err,
    size_t errlen)
{
	struct challenge	*c;
	const char		*p, *q, *name;
	struct buf		 v;
	size_t			 n, nlen, i;

	buf_init(&v);
	if (strlen(value) > CHALLENGE_LEN_MAX) {
		snprintf(err, errlen, "WWW-Authenticate over %d bytes",
		    CHALLENGE_LEN_MAX);
		goto fail;
	}
	p = value;
	for (;;) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if ((n = ch_token(p)) == 0) {
			snprintf(err, errlen, "expected an auth scheme at "
			    "'%.20s'", p);
			goto fail;
		}
		if (cs->n == CHALLENGES_MAX) {
			snprintf(err, errlen, "more than %d challenges",
			    CHALLENGES_MAX);
			goto fail;
		}
		c = &cs->c[cs->n++];
		memset(c, 0, sizeof(*c));
		c->scheme = xstrndup(p, n);
		p += n;
		if (*p != ' ') {
			if (*p != '\0' && *p != ',' && *p != '\t') {
				snprintf(err, errlen, "bad character after "
				    "scheme %s", c->scheme);
				goto fail;
			}
			continue;
		}
		p = ch_ows(p);

		/* token68: its characters, '='s, then the end or a comma. */
		for (q = p; ch_t68char((unsigned char)*q); q++)
			;
		if (q > p) {
			while (*q == '=')
				q++;
			q = ch_ows(q);
			if (*q == '\0' || *q == ',') {
				for (n = 0; p + n < q &&
				    p[n] != ' ' && p[n] != '\t'; n++)
					;
				c->token68 = xstrndup(p, n);
				p = q;
				continue;
			}
		}

		/* #auth-param */
		for (;;) {
			name = p;
			if ((nlen = ch_token(p)) == 0) {
				snprintf(err, errlen, "expected a parameter "
				    "of %s at '%.20s'", c->scheme, p);
				goto fail;
			}
			p = ch_ows(p + nlen);
			if (*p != '=') {
				snprintf(err, errlen, "expected '=' after "
				    "parameter '%.*s'", (int)nlen, name);
				goto fail;
			}
			p = ch_ows(p + 1);
			if (*p == '"') {
				if (ch_quoted(&p, &v) == -1) {
					snprintf(err, errlen, "bad quoted "
					    "string in parameter '%.*s'",
					    (int)nlen, name);
					goto fail;
				}
			} else if ((n = ch_token(p)) > 0) {
				buf_reset(&v);
				buf_append(&v, p, n);
				p += n;
			} else {
				snprintf(err, errlen, "parameter '%.*s' has "
				    "no value", (int)nlen, name);
				goto fail;
			}
			for (i = 0; i < c->nparams; i++) {
				if (strlen(c->params[i].name) == nlen &&
				    strncasecmp(c->params[i].name, name,
				    nlen) == 0) {
					snprintf(err, errlen, "parameter "
					    "'%.*s' appears twice in the %s "
					    "challenge (RFC 9110 11.2)",
					    (int)nlen, name, c->scheme);
					goto fail;
				}
			}
			if (c->nparams == CHALLENGE_PARAMS_MAX) {
				snprintf(err, errlen, "more than %d "
				    "parameters", CHALLENGE_PARAMS_MAX);
				goto fail;
			}
			c->params[c->nparams].name = xstrndup(name, nlen);
			c->params[c->nparams].value = xstrdup(buf_str(&v));
			c->nparams++;

			p = ch_ows(p);
			if (*p == '\0')
				break;
			if (*p != ',') {
				snprintf(err, errlen, "expected ',' after "
				    "parameter '%.*s'", (int)nlen, name);
				goto fail;
			}
			/* Another parameter, or the next challenge? */
			q = p;
			while (*q == ',' || *q == ' ' || *q == '\t')
				q++;
			n = ch_token(q);
			if (n == 0 || *ch_ows(q + n) != '=')
				break;
			p = q;
		}
	}
	buf_free(&v);
	return (0);

fail:
	buf_free(&v);
	return (-1);
}

const struct challenge *
challenge_find(const struct challenges *cs, const char *scheme)
{
	size_t	i;

	for (i = 0; i < cs->n; i++) {
		if (strcasecmp(cs->c[i].scheme, scheme) == 0)
			return (&cs->c[i]);
	}
	return (NULL);
}

const char *
challenge_param(const struct challenge *c, const char *name)
{
	size_t	i;

	for (i = 0; i < c->nparams; i++) {
		if (strcasecmp(c->params[i].name, name) == 0)
			return (c->params[i].value);
	}
	return (NULL);
}
