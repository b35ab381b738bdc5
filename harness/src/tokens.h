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

#ifndef HARNESS_TOKENS_H
#define HARNESS_TOKENS_H

#include <time.h>

#include "buf.h"
#include "http.h"
#include "limits.h"
#include "mint.h"
#include "settings.h"

/*
 * Token sources (docs/scenarios.md "Token sources"): what a step's
 * `token` line turns into, an Authorization header value or none.
 * Client-credentials tokens are cached per client and scope for the
 * run; minted and fake tokens are made fresh for every step.
 */
struct token_cached {
	char	*client;
	char	*scope;
	char	*token;
};

struct tokens {
	struct settings		*set;
	struct http		*http;
	settings_getenv_fn	 env;
	struct mint_key		 local;
	int			 have_local;
	struct mint_key		 fake;
	int			 have_fake;
	struct token_cached	 cache[TOKEN_CACHE_MAX];
	size_t			 ncache;
	time_t			 now;		/* 0: the clock */
};

void	tokens_init(struct tokens *, struct settings *, struct http *,
	    settings_getenv_fn);
int	tokens_load_local(struct tokens *, char *, size_t);
void	tokens_free(struct tokens *);
int	tokens_header(struct tokens *, const char *, struct buf *, int *,
	    char *, size_t);
int	tokens_parse_response(long, const char *, size_t, struct buf *,
	    char *, size_t);
int	tokens_client_credentials(struct tokens *, const char *,
	    const char *, struct buf *, char *, size_t);

#endif
