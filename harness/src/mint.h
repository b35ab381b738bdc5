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

#ifndef HARNESS_MINT_H
#define HARNESS_MINT_H

#include <time.h>

#include <openssl/evp.h>

#include "buf.h"

/*
 * Entra ID shaped access tokens signed by the runner: with the local
 * signing key (the key the local stand-in publishes, so the gate trusts
 * it) for `token minted`, with a throw-away key for `token fake`.
 * Claim shapes: ../shared notes easyauth-and-entra.md section 1.
 */
struct mint_key {
	EVP_PKEY	*pkey;
	char		*kid;
	char		*pub_pem;	/* SubjectPublicKeyInfo PEM text */
};

/* What a valid app-only token for the MCP server carries. */
struct mint_defaults {
	const char	*tenant;
	const char	*client_id;	/* the MCP app: v2 aud */
	const char	*api_uri;	/* its identifier URI: v1 aud */
	const char	*azp;		/* the calling client's app id */
	const char	*oid;		/* the calling client's object id */
};

int	mint_key_load(struct mint_key *, const char *, const char *, char *,
	    size_t);
int	mint_key_load_pem(struct mint_key *, const char *, size_t,
	    const char *, char *, size_t);
int	mint_key_generate(struct mint_key *, char *, size_t);
void	mint_key_free(struct mint_key *);
int	mint_token(const struct mint_key *, const struct mint_defaults *,
	    const char *, time_t, struct buf *, char *, size_t);
void	mint_b64url(struct buf *, const unsigned char *, size_t);
void	mint_random_id(struct buf *, size_t);
void	mint_random_guid(char *, size_t);

#endif
