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

#ifndef HARNESS_VARS_H
#define HARNESS_VARS_H

#include <stddef.h>

#include "buf.h"
#include "limits.h"

/*
 * {name} variables of one case: the built-ins ({base}, {mcp}, {host},
 * {tenant}, {client_id}, {api_uri}, {run}) and the captures of earlier
 * steps. A name is declared with a NULL value when it is known but not
 * configured, so using it says what to configure.
 */
struct var {
	char	 name[VAR_NAME_MAX];
	char	*value;
};

struct vars {
	struct var	v[VARS_MAX];
	size_t		n;
};

void		 vars_init(struct vars *);
void		 vars_free(struct vars *);
int		 vars_set(struct vars *, const char *, const char *, char *,
		    size_t);
const char	*vars_get(const struct vars *, const char *, int *);
int		 vars_expand(const struct vars *, const char *, struct buf *,
		    char *, size_t);
int		 vars_has_ref(const char *);
int		 vars_name_ok(const char *);

#endif
