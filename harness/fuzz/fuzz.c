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
 * Helpers for the fuzz targets. A violated property (an answer that is
 * not JSON, a value that escaped validation) aborts, so libFuzzer keeps
 * the input as a crash just as it does for a sanitizer report.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"

/* len bytes in a buffer of exactly len bytes (1 for len 0). */
void *
fuzz_copy(const uint8_t *data, size_t len)
{
	void	*p;

	if ((p = malloc(len > 0 ? len : 1)) == NULL)
		abort();
	memcpy(p, data, len);

	return (p);
}

/* len bytes and a NUL: what a C string parser gets from Kore. */
char *
fuzz_string(const uint8_t *data, size_t len)
{
	char	*s;

	if ((s = malloc(len + 1)) == NULL)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';

	return (s);
}

/*
 * Cut data at its first max - 1 newlines into at most max parts, each a
 * C string of its own (the last part takes the rest, newlines and all).
 */
void
fuzz_split(const uint8_t *data, size_t len, int max, struct fuzz_parts *parts)
{
	const uint8_t	*p, *end, *nl;

	memset(parts, 0, sizeof(*parts));
	if (max > FUZZ_PARTS_MAX)
		max = FUZZ_PARTS_MAX;

	p = data;
	end = data + len;
	while (parts->n < max) {
		nl = parts->n + 1 < max ? memchr(p, '\n', (size_t)(end - p)) :
		    NULL;
		if (nl == NULL)
			nl = end;
		parts->len[parts->n] = (size_t)(nl - p);
		parts->v[parts->n++] = fuzz_string(p, (size_t)(nl - p));
		if (nl == end)
			break;
		p = nl + 1;
	}
}

void
fuzz_parts_free(struct fuzz_parts *parts)
{
	int	i;

	for (i = 0; i < parts->n; i++)
		free(parts->v[i]);
	memset(parts, 0, sizeof(*parts));
}

/* What the server sends must be one JSON value, whatever came in. */
void
fuzz_check_json(const char *text, size_t len, const char *what)
{
	json_t		*v;
	json_error_t	 jerr;

	if (text == NULL)
		fuzz_fail(what, "no text");
	if ((v = json_loadb(text, len, JSON_DECODE_ANY, &jerr)) == NULL) {
		fprintf(stderr, "fuzz: %s: not JSON (%s): %.*s\n", what,
		    jerr.text, (int)(len > 512 ? 512 : len), text);
		abort();
	}
	json_decref(v);
}

void
fuzz_fail(const char *what, const char *why)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, why);
	abort();
}
