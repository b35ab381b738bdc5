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

#ifndef HARNESS_SSE_H
#define HARNESS_SSE_H

#include <stddef.h>

#include "buf.h"

/*
 * text/event-stream (WHATWG HTML "Server-sent events") to the data of
 * its `message` events: lines end in CRLF, LF or CR; ":" lines are
 * comments; an event without an `event:` field is a `message` event; its
 * data lines are joined with LF. An MCP server answers a POST with one
 * such event (after optional notifications): the runner checks the last,
 * the MCP client looks for the one that answers its request.
 *
 * sse_messages calls fn with the data of each complete `message` event,
 * in order, until fn returns non-zero; it returns how many it passed.
 */
typedef int	(*sse_message_fn)(const char *, size_t, void *);

size_t	sse_messages(const char *, size_t, sse_message_fn, void *);
int	sse_last_message(const char *, size_t, struct buf *, size_t *,
	    char *, size_t);

#endif
