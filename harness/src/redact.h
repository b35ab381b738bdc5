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

#ifndef HARNESS_REDACT_H
#define HARNESS_REDACT_H

#include <stddef.h>

#include "buf.h"

/*
 * Tokens and secrets never reach the output. Every token the runner
 * sends and every secret it reads is registered here; all text printed
 * about a request or a response passes through redact_append, which
 * replaces registered values and anything shaped like a JWT with
 * <redacted>, and keeps only the scheme of Authorization headers.
 */
void	redact_add(const char *);
void	redact_clear(void);
void	redact_append(struct buf *, const char *, size_t);
void	redact_show(struct buf *, const char *, size_t, size_t);
void	redact_head(struct buf *, const char *, size_t);

#endif
