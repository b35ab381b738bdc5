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

#include <stdio.h>
#include <string.h>

#include "sse.h"

static int	sse_keep_last(const char *, size_t, void *);

/*
 * Each complete `message` event's data to fn, in stream order, until fn
 * returns non-zero. Returns the number of events handed over.
 */
size_t
sse_messages(const char *body, size_t len, sse_message_fn fn, void *arg)
{
	struct buf	 data, event;
	const char	*p, *end, *eol, *colon, *val;
	size_t		 n, flen, vlen, count;
	int		 has_data, stop;

	buf_init(&data);
	buf_init(&event);
	count = 0;
	has_data = stop = 0;
	p = body;
	end = body + len;
	/* A leading byte order mark is ignored (WHATWG 9.2.6). */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	/*
	 * At the end of the stream a pending event is discarded (WHATWG
	 * 9.2.6), so a server that forgets the final blank line fails.
	 */
	while (p < end && !stop) {
		for (eol = p; eol < end && *eol != '\r' && *eol != '\n'; eol++)
			;
		n = (size_t)(eol - p);
		if (n == 0) {
			/* Blank line (or end of stream): dispatch. */
			if (has_data && (event.len == 0 ||
			    strcmp(buf_str(&event), "message") == 0)) {
				count++;
				stop = fn(buf_str(&data), data.len, arg);
			}
			buf_reset(&data);
			buf_reset(&event);
			has_data = 0;
		} else if (*p != ':') {
			colon = memchr(p, ':', n);
			flen = colon == NULL ? n : (size_t)(colon - p);
			val = colon == NULL ? eol : colon + 1;
			if (val < eol && *val == ' ')
				val++;
			vlen = (size_t)(eol - val);
			if (flen == 4 && memcmp(p, "data", 4) == 0) {
				if (has_data)
					buf_appendc(&data, '\n');
				buf_append(&data, val, vlen);
				has_data = 1;
			} else if (flen == 5 && memcmp(p, "event", 5) == 0) {
				buf_reset(&event);
				buf_append(&event, val, vlen);
			}
			/* id, retry and unknown fields do not matter here. */
		}
		if (eol >= end)
			break;
		if (*eol == '\r' && eol + 1 < end && eol[1] == '\n')
			eol++;
		p = eol + 1;
	}
	buf_free(&data);
	buf_free(&event);
	return (count);
}

static int
sse_keep_last(const char *data, size_t len, void *arg)
{
	struct buf	*out = arg;

	buf_reset(out);
	buf_append(out, data, len);
	return (0);
}

/*
 * out gets the data of the last `message` event, *count how many there
 * were. -1 when the stream holds none.
 */
int
sse_last_message(const char *body, size_t len, struct buf *out,
    size_t *count, char *err, size_t errlen)
{
	buf_reset(out);
	if ((*count = sse_messages(body, len, sse_keep_last, out)) == 0) {
		snprintf(err, errlen, "the event stream has no complete "
		    "'message' event");
		return (-1);
	}
	return (0);
}
