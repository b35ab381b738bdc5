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
 * The site's HTML (html.c) with client text everywhere a page shows it:
 * a restaurant and its review whose every string a client chose is the
 * input (the review date is the database's), rendered as the details
 * page, the index and an error page.
 *
 * Property (differential): the page with the input has exactly as many
 * '<', '>', '"' and '\'' as the same page with "X" in its place. Every
 * markup character of the input must have become an entity, so no
 * string can open a tag or leave an attribute, in any context.
 */

#include <stdlib.h>
#include <string.h>

#include <kore/kore.h>

#include <jansson.h>

#include "fuzz.h"
#include "html.h"

static void	fuzz_render(const char *, size_t *);
static void	fuzz_count(const u_int8_t *, size_t, size_t *);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t	*valid;
	size_t	 want[4], got[4];
	char	*s;
	int	 i;

	s = fuzz_string(data, size);
	/* PostgreSQL hands back valid UTF-8 only, as does jansson. */
	valid = memchr(data, '\0', size) == NULL ? json_string(s) : NULL;
	if (valid != NULL) {
		fuzz_render("X", want);
		fuzz_render(s, got);
		for (i = 0; i < 4; i++) {
			if (want[i] != got[i])
				fuzz_fail("html", "client text made markup");
		}
	}
	json_decref(valid);
	free(s);

	return (0);
}

static void
fuzz_render(const char *s, size_t *counts)
{
	struct kore_buf	*buf;
	json_t		*detail, *list;

	detail = json_pack("{s:{s:i,s:s,s:s,s:s,s:f,s:i,s:i},"
	    "s:[{s:i,s:i,s:s,s:i,s:s,s:s}]}",
	    "restaurant", "id", 1, "name", s, "street_address", s,
	    "description", s, "avg_rating", 4.5, "review_count", 1,
	    "stars_percent", 90,
	    "reviews", "id", 1, "restaurant", 1, "user_name", s, "rating", 5,
	    "review_text", s, "review_date", "2026-01-31T12:00:00");
	list = json_pack("[O]", json_object_get(detail, "restaurant"));
	if (detail == NULL || list == NULL)
		fuzz_fail("json_pack", "out of memory");

	memset(counts, 0, 4 * sizeof(*counts));
	buf = kore_buf_alloc(4096);
	html_details(buf, detail);
	html_index(buf, list);
	html_problem(buf, 400, s, s, "/", s);
	fuzz_count(buf->data, buf->offset, counts);
	kore_buf_free(buf);

	json_decref(list);
	json_decref(detail);
}

static void
fuzz_count(const u_int8_t *p, size_t len, size_t *counts)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		switch (p[i]) {
		case '<':
			counts[0]++;
			break;
		case '>':
			counts[1]++;
			break;
		case '"':
			counts[2]++;
			break;
		case '\'':
			counts[3]++;
			break;
		}
	}
}
