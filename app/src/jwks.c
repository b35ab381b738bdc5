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
 * JWKS -> RSA key table. Only keys that can verify RS256 are kept:
 * kty "RSA", use absent or "sig", alg absent or "RS256", a kid, and a
 * modulus of 2048 to 8192 bits; anything else is counted as skipped, so
 * a set that grows a key of another type keeps working. Certificates
 * (x5c) are never used: the key is n and e, as Entra ID publishes them.
 */

#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "b64url.h"
#include "jwks.h"

/* Bytes of n (with a possible leading zero) and e we accept. */
#define JWKS_N_BYTES_MAX	(JWKS_RSA_BITS_MAX / 8 + 1)
#define JWKS_E_BYTES_MAX	8

static int		 jwks_key_usable(const json_t *);
static EVP_PKEY		*jwks_rsa(const char *, const char *, int *);
static BIGNUM		*jwks_bn(const char *, size_t);

void
jwks_init(struct jwks *set)
{
	memset(set, 0, sizeof(*set));
}

void
jwks_clear(struct jwks *set)
{
	int	i;

	for (i = 0; i < set->nkeys; i++)
		EVP_PKEY_free(set->keys[i].pkey);
	jwks_init(set);
}

/*
 * Add the usable keys of one key set document ({"keys": [...]}) to set.
 * A kid already present with the same key is not added twice (Entra's
 * v1 and v2 sets share keys); the same kid with another key is an error.
 * Returns the number of keys added, or -1 with a reason in err.
 */
int
jwks_add(struct jwks *set, const json_t *doc, char *err, size_t errlen)
{
	const json_t	*keys, *k, *v;
	const char	*kid, *x5t;
	struct jwks_key	*slot;
	EVP_PKEY	*pkey;
	size_t		 i;
	int		 j, bits, added;

	added = 0;
	bits = 0;
	if (!json_is_object(doc) ||
	    !json_is_array(keys = json_object_get(doc, "keys"))) {
		snprintf(err, errlen, "not a key set (no \"keys\" array)");
		return (-1);
	}

	json_array_foreach(keys, i, k) {
		if (!json_is_object(k)) {
			snprintf(err, errlen, "keys[%zu] is not an object", i);
			return (-1);
		}
		if (!jwks_key_usable(k)) {
			set->skipped++;
			continue;
		}

		kid = json_string_value(json_object_get(k, "kid"));
		x5t = NULL;
		if ((v = json_object_get(k, "x5t")) != NULL) {
			if (!json_is_string(v) ||
			    json_string_length(v) >= JWKS_KID_MAX) {
				set->skipped++;
				continue;
			}
			x5t = json_string_value(v);
		}

		pkey = jwks_rsa(json_string_value(json_object_get(k, "n")),
		    json_string_value(json_object_get(k, "e")), &bits);
		if (pkey == NULL) {
			set->skipped++;
			continue;
		}

		for (j = 0; j < set->nkeys; j++) {
			if (strcmp(set->keys[j].kid, kid) == 0)
				break;
		}
		if (j < set->nkeys) {
			if (EVP_PKEY_eq(set->keys[j].pkey, pkey) != 1) {
				EVP_PKEY_free(pkey);
				snprintf(err, errlen, "kid '%.64s' names two "
				    "different keys", kid);
				return (-1);
			}
			EVP_PKEY_free(pkey);
			continue;
		}

		if (set->nkeys == JWKS_KEYS_MAX) {
			EVP_PKEY_free(pkey);
			snprintf(err, errlen, "more than %d signing keys",
			    JWKS_KEYS_MAX);
			return (-1);
		}

		slot = &set->keys[set->nkeys++];
		(void)snprintf(slot->kid, sizeof(slot->kid), "%s", kid);
		(void)snprintf(slot->x5t, sizeof(slot->x5t), "%s",
		    x5t != NULL ? x5t : "");
		slot->pkey = pkey;
		slot->bits = bits;
		added++;
	}

	return (added);
}

/* jwks_add() for a document still in text form (at most JWKS_DOC_MAX). */
int
jwks_add_text(struct jwks *set, const char *text, size_t len, char *err,
    size_t errlen)
{
	json_t		*doc;
	json_error_t	 jerr;
	int		 ret;

	if (len > JWKS_DOC_MAX) {
		snprintf(err, errlen, "key set larger than %d bytes",
		    JWKS_DOC_MAX);
		return (-1);
	}

	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL) {
		snprintf(err, errlen, "key set is not JSON (line %d: %s)",
		    jerr.line, jerr.text);
		return (-1);
	}

	ret = jwks_add(set, doc, err, errlen);
	json_decref(doc);

	return (ret);
}

/*
 * The key for a token header: by kid; when the header has no kid or the
 * kid is unknown, by x5t (Entra's v1 tokens carry both, equal).
 */
const struct jwks_key *
jwks_find(const struct jwks *set, const char *kid, const char *x5t)
{
	int	i;

	if (kid != NULL) {
		for (i = 0; i < set->nkeys; i++) {
			if (strcmp(set->keys[i].kid, kid) == 0)
				return (&set->keys[i]);
		}
	}

	if (x5t != NULL && *x5t != '\0') {
		for (i = 0; i < set->nkeys; i++) {
			if (strcmp(set->keys[i].x5t, x5t) == 0 ||
			    strcmp(set->keys[i].kid, x5t) == 0)
				return (&set->keys[i]);
		}
	}

	return (NULL);
}

static int
jwks_key_usable(const json_t *k)
{
	const char	*s;
	const json_t	*v;

	if ((s = json_string_value(json_object_get(k, "kty"))) == NULL ||
	    strcmp(s, "RSA") != 0)
		return (0);

	if ((v = json_object_get(k, "use")) != NULL &&
	    (!json_is_string(v) || strcmp(json_string_value(v), "sig") != 0))
		return (0);

	if ((v = json_object_get(k, "alg")) != NULL &&
	    (!json_is_string(v) || strcmp(json_string_value(v), "RS256") != 0))
		return (0);

	if ((v = json_object_get(k, "kid")) == NULL || !json_is_string(v) ||
	    json_string_length(v) == 0 || json_string_length(v) >= JWKS_KID_MAX)
		return (0);

	if (!json_is_string(json_object_get(k, "n")) ||
	    !json_is_string(json_object_get(k, "e")))
		return (0);

	return (1);
}

/* RFC 7518 section 6.3.1: n and e are unsigned big-endian base64url. */
static EVP_PKEY *
jwks_rsa(const char *n64, const char *e64, int *bits)
{
	BIGNUM		*n, *e;
	OSSL_PARAM_BLD	*bld;
	OSSL_PARAM	*params;
	EVP_PKEY_CTX	*pctx;
	EVP_PKEY	*pkey;

	pkey = NULL;
	bld = NULL;
	params = NULL;
	pctx = NULL;
	e = NULL;

	if ((n = jwks_bn(n64, JWKS_N_BYTES_MAX)) == NULL ||
	    (e = jwks_bn(e64, JWKS_E_BYTES_MAX)) == NULL)
		goto out;

	*bits = BN_num_bits(n);
	if (*bits < JWKS_RSA_BITS_MIN || *bits > JWKS_RSA_BITS_MAX)
		goto out;
	/* A public exponent is odd and at least 3. */
	if (!BN_is_odd(e) || BN_is_one(e))
		goto out;

	if ((bld = OSSL_PARAM_BLD_new()) == NULL ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL)
		goto out;

	if ((pctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(pctx) != 1 ||
	    EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;

out:
	EVP_PKEY_CTX_free(pctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);

	return (pkey);
}

static BIGNUM *
jwks_bn(const char *s, size_t max)
{
	u_int8_t	buf[JWKS_N_BYTES_MAX];
	size_t		len, blen;

	if (s == NULL || (len = strlen(s)) == 0 ||
	    B64URL_DECODED_MAX(len) > sizeof(buf) + 2)
		return (NULL);

	if (b64url_decode(s, len, buf, sizeof(buf), &blen) == -1 ||
	    blen == 0 || blen > max)
		return (NULL);

	return (BN_bin2bn(buf, (int)blen, NULL));
}
