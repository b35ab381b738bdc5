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
 * Expansion rules (docs/scenarios.md): "{{" is a literal "{"; "{" + a
 * name + "}" is a variable; any other "{" is literal, so JSON bodies
 * such as {"a":{}} need no escaping. A variable that is not defined is
 * an error, never an empty string: a typo must fail the step, not send
 * a request the case did not mean.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "vars.h"

static size_t	vars_ref_len(const char *);

void
vars_init(struct vars *vs)
{
	memset(vs, 0, sizeof(*vs));
}

void
vars_free(struct vars *vs)
{
	size_t	i;

	for (i = 0; i < vs->n; i++)
		free(vs->v[i].value);
	vs->n = 0;
}

int
vars_name_ok(const char *name)
{
	size_t	i;

	if (!isalpha((unsigned char)name[0]) && name[0] != '_')
		return (0);
	for (i = 0; name[i] != '\0'; i++) {
		if (!isalnum((unsigned char)name[i]) && name[i] != '_')
			return (0);
	}
	return (i < VAR_NAME_MAX);
}

/* Set or replace a variable; value NULL declares it without a value. */
int
vars_set(struct vars *vs, const char *name, const char *value, char *err,
    size_t errlen)
{
	size_t	i;

	if (!vars_name_ok(name)) {
		snprintf(err, errlen, "bad variable name '%.40s'", name);
		return (-1);
	}
	if (value != NULL && strlen(value) > VAR_VALUE_MAX) {
		snprintf(err, errlen, "value of {%s} is over %d bytes",
		    name, VAR_VALUE_MAX);
		return (-1);
	}
	for (i = 0; i < vs->n; i++) {
		if (strcmp(vs->v[i].name, name) == 0)
			break;
	}
	if (i == vs->n) {
		if (vs->n == VARS_MAX) {
			snprintf(err, errlen, "more than %d variables",
			    VARS_MAX);
			return (-1);
		}
		snprintf(vs->v[i].name, sizeof(vs->v[i].name), "%s", name);
		vs->v[i].value = NULL;
		vs->n++;
	}
	free(vs->v[i].value);
	vs->v[i].value = value == NULL ? NULL : xstrdup(value);
	return (0);
}

/* The value of name; *known tells a declared-but-unset name apart. */
const char *
vars_get(const struct vars *vs, const char *name, int *known)
{
	size_t	i;

	for (i = 0; i < vs->n; i++) {
		if (strcmp(vs->v[i].name, name) == 0) {
			if (known != NULL)
				*known = 1;
			return (vs->v[i].value);
		}
	}
	if (known != NULL)
		*known = 0;
	return (NULL);
}

/* Length of a "{name}" reference at p, 0 when p does not start one. */
static size_t
vars_ref_len(const char *p)
{
	size_t	i;

	if (p[0] != '{' || p[1] == '{')
		return (0);
	if (!isalpha((unsigned char)p[1]) && p[1] != '_')
		return (0);
	for (i = 1; isalnum((unsigned char)p[i]) || p[i] == '_'; i++)
		;
	if (p[i] != '}' || i > VAR_NAME_MAX)
		return (0);
	return (i + 1);
}

int
vars_has_ref(const char *text)
{
	const char	*p;

	for (p = text; *p != '\0'; p++) {
		if (p[0] == '{' && p[1] == '{') {
			p++;
			continue;
		}
		if (vars_ref_len(p) > 0)
			return (1);
	}
	return (0);
}

int
vars_expand(const struct vars *vs, const char *text, struct buf *out,
    char *err, size_t errlen)
{
	const char	*p, *v;
	char		 name[VAR_NAME_MAX];
	size_t		 n;
	int		 known;

	buf_reset(out);
	for (p = text; *p != '\0'; ) {
		if (p[0] == '{' && p[1] == '{') {
			buf_appendc(out, '{');
			p += 2;
			continue;
		}
		if ((n = vars_ref_len(p)) == 0) {
			buf_appendc(out, *p++);
			continue;
		}
		memcpy(name, p + 1, n - 2);
		name[n - 2] = '\0';
		v = vars_get(vs, name, &known);
		if (v == NULL) {
			if (known)
				snprintf(err, errlen, "{%s} has no value here "
				    "(not configured, see docs/scenarios.md "
				    "Settings)", name);
			else
				snprintf(err, errlen, "unknown variable {%s} "
				    "(write {{ for a literal {)", name);
			return (-1);
		}
		buf_appends(out, v);
		if (out->len > EXPAND_MAX) {
			snprintf(err, errlen, "text over %d bytes after "
			    "expanding variables", EXPAND_MAX);
			return (-1);
		}
		p += n;
	}
	if (out->data == NULL)
		buf_appends(out, "");
	return (0);
}
