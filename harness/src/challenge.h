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

#ifndef HARNESS_CHALLENGE_H
#define HARNESS_CHALLENGE_H

#include <stddef.h>

#include "limits.h"

/*
 * WWW-Authenticate challenges (RFC 9110 11.6.1, 11.2; RFC 6750 3):
 *	challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *	auth-param = token BWS "=" BWS ( token / quoted-string )
 * several challenges per header value and several header lines, scheme
 * and parameter names case-insensitive, quoted-pair escapes undone, a
 * parameter given twice in one challenge refused (RFC 9110 11.2).
 */
struct challenge_param {
	char	*name;
	char	*value;
};

struct challenge {
	char			*scheme;
	char			*token68;
	struct challenge_param	 params[CHALLENGE_PARAMS_MAX];
	size_t			 nparams;
};

struct challenges {
	struct challenge	c[CHALLENGES_MAX];
	size_t			n;
};

void			 challenges_init(struct challenges *);
void			 challenges_free(struct challenges *);
int			 challenge_parse(struct challenges *, const char *,
			    char *, size_t);
const struct challenge	*challenge_find(const struct challenges *,
			    const char *);
const char		*challenge_param(const struct challenge *,
			    const char *);

#endif
