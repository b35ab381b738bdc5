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
 * A JSON Web Key Set as the key fetch hands it over (jwks.c): parsed,
 * each usable RSA key built once, then looked up as a token header
 * would (kid, x5t).
 *
 * Input: the key set document. Its first line, when it is short, is
 * also the kid looked up.
 *
 * Property: the table never holds more than JWKS_KEYS_MAX keys, each
 * with a kid and a modulus of the allowed size, and a lookup finds a
 * key of the table or nothing.
 */

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "fuzz.h"
#include "jwks.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jwks		 set;
	struct fuzz_parts	 p;
	const struct jwks_key	*k;
	char			*doc, err[JWKS_ERR_MAX];
	int			 i, n;

	doc = fuzz_copy(data, size);
	jwks_init(&set);
	n = jwks_add_text(&set, doc, size, err, sizeof(err));
	free(doc);

	if (set.nkeys < 0 || set.nkeys > JWKS_KEYS_MAX ||
	    (n > 0 && n > set.nkeys))
		fuzz_fail("jwks_add_text", "key count");
	for (i = 0; i < set.nkeys; i++) {
		if (set.keys[i].kid[0] == '\0' || set.keys[i].pkey == NULL ||
		    set.keys[i].bits < JWKS_RSA_BITS_MIN ||
		    set.keys[i].bits > JWKS_RSA_BITS_MAX ||
		    EVP_PKEY_get_bits(set.keys[i].pkey) != set.keys[i].bits)
			fuzz_fail("jwks_add_text", "a key that is not usable");
	}

	fuzz_split(data, size, 2, &p);
	k = jwks_find(&set, p.v[0], p.v[0]);
	if (k != NULL && (k < set.keys || k >= set.keys + set.nkeys))
		fuzz_fail("jwks_find", "not a key of the table");
	(void)jwks_find(&set, NULL, p.v[0]);
	fuzz_parts_free(&p);

	jwks_clear(&set);

	return (0);
}
