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
 * Building and signing tokens. The claims are those of a real app-only
 * token, in the order Entra writes them; what differs between v1.0 and
 * v2.0 is decided here and only here:
 *
 *	      v1.0			      v2.0
 *   iss      https://sts.windows.net/{tid}/  https://login.microsoftonline.com
 *					      /{tid}/v2.0
 *   aud      the resource as requested	      the resource's appId
 *   client   appid, appidacr "1"	      azp, azpacr "1"
 *   idp      = iss			      (absent)
 *   header   kid and x5t		      kid
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "b64.h"
#include "token.h"

static int	token_random_text(int, size_t, const char *, const char *,
		    char *, size_t);
static char	*token_segment(json_t *);

/* The random parts: lifetime, uti and the opaque rh and aio. */
int
token_randomize(struct token_spec *spec)
{
	unsigned char	r[4];
	unsigned	v;

	if (RAND_bytes(r, sizeof(r)) != 1)
		return (-1);
	v = (unsigned)r[0] << 24 | (unsigned)r[1] << 16 |
	    (unsigned)r[2] << 8 | r[3];
	spec->lifetime = TOKEN_LIFETIME_MIN +
	    v % (TOKEN_LIFETIME_MAX - TOKEN_LIFETIME_MIN + 1);

	/* uti: 16 bytes, 22 base64url characters, like Entra's. */
	if (token_random_text(B64_URL, 16, "", "", spec->uti,
	    sizeof(spec->uti)) == -1 ||
	    token_random_text(B64_URL, 42, "0.A", ".", spec->rh,
	    sizeof(spec->rh)) == -1 ||
	    token_random_text(B64_STD, 42, "", "", spec->aio,
	    sizeof(spec->aio)) == -1)
		return (-1);

	return (0);
}

/* The JOSE header: v1 tokens carry x5t next to kid, v2 tokens only kid. */
json_t *
token_header(const struct token_spec *spec, const struct keyring_key *key)
{
	if (spec->version == 1) {
		return (json_pack("{s:s, s:s, s:s, s:s}", "typ", "JWT",
		    "alg", "RS256", "x5t", key->kid, "kid", key->kid));
	}
	return (json_pack("{s:s, s:s, s:s}", "typ", "JWT", "alg", "RS256",
	    "kid", key->kid));
}

json_t *
token_claims(const struct token_spec *spec)
{
	const struct directory	*dir = spec->dir;
	const struct dir_client	*cl = spec->client;
	json_t			*c, *roles;
	json_int_t		 iat, exp;
	char			 iss[128];
	size_t			 i;
	int			 v1;

	v1 = spec->version == 1;
	token_issuer(spec->version, dir->tenant_id, iss, sizeof(iss));
	iat = (json_int_t)spec->now - TOKEN_BACKDATE;
	exp = (json_int_t)spec->now + spec->lifetime;

	c = json_pack("{s:s, s:s, s:I, s:I, s:I, s:s}",
	    "aud", v1 ? spec->aud_v1 : dir->res.app_id,
	    "iss", iss, "iat", iat, "nbf", iat, "exp", exp,
	    "aio", spec->aio);
	if (c == NULL)
		return (NULL);

	if (v1) {
		if (json_object_set_new(c, "appid",
		    json_string(cl->app_id)) == -1 ||
		    json_object_set_new(c, "appidacr",
		    json_string("1")) == -1 ||
		    json_object_set_new(c, "idp", json_string(iss)) == -1)
			goto fail;
	} else {
		if (json_object_set_new(c, "azp",
		    json_string(cl->app_id)) == -1 ||
		    json_object_set_new(c, "azpacr", json_string("1")) == -1)
			goto fail;
	}

	if (json_object_set_new(c, "idtyp", json_string("app")) == -1 ||
	    json_object_set_new(c, "oid", json_string(cl->oid)) == -1 ||
	    json_object_set_new(c, "rh", json_string(spec->rh)) == -1)
		goto fail;

	/* Only when assigned: Entra leaves the claim out otherwise. */
	if (cl->nroles > 0) {
		if ((roles = json_array()) == NULL ||
		    json_object_set_new(c, "roles", roles) == -1)
			goto fail;
		for (i = 0; i < cl->nroles; i++) {
			if (json_array_append_new(roles, json_string(
			    dir->res.roles[cl->roles[i]].value)) == -1)
				goto fail;
		}
	}

	if (json_object_set_new(c, "sub", json_string(cl->oid)) == -1 ||
	    json_object_set_new(c, "tid", json_string(dir->tenant_id)) == -1 ||
	    json_object_set_new(c, "uti", json_string(spec->uti)) == -1 ||
	    json_object_set_new(c, "ver", json_string(v1 ? "1.0" :
	    "2.0")) == -1)
		goto fail;

	return (c);
fail:
	json_decref(c);
	return (NULL);
}

/* Compact JWS, RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 3.3). */
char *
token_sign(json_t *header, json_t *claims, EVP_PKEY *pkey)
{
	EVP_MD_CTX	*ctx;
	unsigned char	 sig[512];
	char		*h, *p, *out;
	size_t		 slen, hlen, plen, olen;

	out = NULL;
	ctx = NULL;
	h = token_segment(header);
	p = token_segment(claims);
	if (h == NULL || p == NULL)
		goto out;
	hlen = strlen(h);
	plen = strlen(p);

	olen = hlen + 1 + plen + 1 + B64_LEN(sizeof(sig));
	if (olen > TOKEN_MAX || (out = malloc(olen)) == NULL)
		goto out;
	memcpy(out, h, hlen);
	out[hlen] = '.';
	memcpy(out + hlen + 1, p, plen);

	slen = sizeof(sig);
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, pkey) != 1 ||
	    EVP_DigestSign(ctx, sig, &slen, (unsigned char *)out,
	    hlen + 1 + plen) != 1)
		goto fail;

	out[hlen + 1 + plen] = '.';
	if (b64_encode(B64_URL, sig, slen, out + hlen + 1 + plen + 1,
	    olen - (hlen + 1 + plen + 1)) == -1)
		goto fail;
	goto out;
fail:
	free(out);
	out = NULL;
out:
	EVP_MD_CTX_free(ctx);
	free(h);
	free(p);
	return (out);
}

/* Header, claims and signature for spec with key; NULL on failure. */
char *
token_issue(struct token_spec *spec, const struct keyring_key *key)
{
	json_t		*h, *c;
	char		*tok;

	tok = NULL;
	h = token_header(spec, key);
	c = token_claims(spec);
	if (h != NULL && c != NULL)
		tok = token_sign(h, c, key->pkey);
	json_decref(h);
	json_decref(c);
	return (tok);
}

/* The real Entra issuer strings, so tokens are shaped like Entra's. */
void
token_issuer(int version, const char *tenant, char *out, size_t outlen)
{
	if (version == 1)
		(void)snprintf(out, outlen, "https://sts.windows.net/%s/",
		    tenant);
	else
		(void)snprintf(out, outlen,
		    "https://login.microsoftonline.com/%s/v2.0", tenant);
}

/* prefix + base64 of n random bytes + suffix. */
static int
token_random_text(int variant, size_t n, const char *prefix,
    const char *suffix, char *out, size_t outlen)
{
	unsigned char	rnd[64];
	size_t		plen, slen;

	plen = strlen(prefix);
	slen = strlen(suffix);
	if (n > sizeof(rnd) || RAND_bytes(rnd, (int)n) != 1 ||
	    plen + B64_LEN(n) + slen > outlen)
		return (-1);
	memcpy(out, prefix, plen);
	if (b64_encode(variant, rnd, n, out + plen, outlen - plen) == -1)
		return (-1);
	plen += strlen(out + plen);
	memcpy(out + plen, suffix, slen + 1);
	return (0);
}

static char *
token_segment(json_t *j)
{
	char		*text, *out;
	size_t		 len;

	if ((text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
		return (NULL);
	len = strlen(text);
	if ((out = malloc(B64_LEN(len))) != NULL &&
	    b64_encode(B64_URL, text, len, out, B64_LEN(len)) == -1) {
		free(out);
		out = NULL;
	}
	free(text);
	return (out);
}
