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

#include "form.h"

static void	form_encode(struct buf *, const char *);

/* The urlencoded byte serializer: unreserved kept, space as '+'. */
static void
form_encode(struct buf *out, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (isalnum(c) || c == '*' || c == '-' || c == '.' ||
		    c == '_') {
			buf_appendc(out, (char)c);
		} else if (c == ' ') {
			buf_appendc(out, '+');
		} else {
			buf_appendc(out, '%');
			buf_appendc(out, hex[c >> 4]);
			buf_appendc(out, hex[c & 15]);
		}
	}
}

void
form_add(struct buf *out, const char *name, const char *value)
{
	if (out->len > 0)
		buf_appendc(out, '&');
	form_encode(out, name);
	buf_appendc(out, '=');
	form_encode(out, value);
}
