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
 * Overrides (docs/scenarios.md "Token sources"), applied after the
 * defaults of the token version:
 *	ver=1.0			v1 shape: sts.windows.net issuer, aud = the
 *				identifier URI, appid/appidacr/idp, x5t header
 *	alg=RS256|none|HS256-pubkey
 *				none: unsigned; HS256-pubkey: HMAC-SHA256 keyed
 *				with the public key's PEM text (the algorithm
 *				confusion attack on verifiers that take the
 *				algorithm from the token)
 *	kid= x5t= typ=		header parameters (none removes)
 *	exp= nbf= iat=		seconds relative to now (exp=-600)
 *	roles=a,b | roles=	a list, an empty list; roles=none removes it
 *	aud=[...]		a JSON array
 *	CLAIM=json:LITERAL	any JSON value (exp=json:"soon")
 *	CLAIM=none		removes the claim
 *	CLAIM=VALUE		a string, for any other claim name
 * Values may be double-quoted to hold spaces.
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "limits.h"
#include "mem.h"
#include "mint.h"

enum mint_alg {
	MINT_RS256,
	MINT_NONE,
	MINT_HS256_PUBKEY
};

struct mint_ov {
	char	*name;
	char	*value;
};

static int	mint_split(const char *, struct mint_ov *, size_t *, char *,
		    size_t);
static void	mint_ov_free(struct mint_ov *, size_t);
static int	mint_value(const char *, const char *, json_t **, char *,
		    size_t);
static int	mint_sign(const struct mint_key *, enum mint_alg,
		    const char *, size_t, struct buf *, char *, size_t);
static int	mint_pub_pem(struct mint_key *, char *, size_t);
static int	mint_is_json(const struct mint_ov *, size_t, const char *);
static char	*mint_cert_kid(const char *, size_t);

static const char *mint_time_claims[] = { "iat", "nbf", "exp", NULL };

void
mint_b64url(struct buf *out, const unsigned char *p, size_t len)
{
	static const char	 a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t			 i;
	unsigned int		 v;

	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		buf_appendc(out, a[v >> 18 & 63]);
		buf_appendc(out, a[v >> 12 & 63]);
		buf_appendc(out, a[v >> 6 & 63]);
		buf_appendc(out, a[v & 63]);
	}
	if (len - i == 1) {
		v = (unsigned)p[i] << 16;
		buf_appendc(out, a[v >> 18 & 63]);
		buf_appendc(out, a[v >> 12 & 63]);
	} else if (len - i == 2) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;
		buf_appendc(out, a[v >> 18 & 63]);
		buf_appendc(out, a[v >> 12 & 63]);
		buf_appendc(out, a[v >> 6 & 63]);
	}
}

/* n random bytes, base64url: kid and uti values. */
void
mint_random_id(struct buf *out, size_t n)
{
	unsigned char	r[64];

	if (n > sizeof(r) || RAND_bytes(r, (int)n) != 1)
		fatal("RAND_bytes failed");
	mint_b64url(out, r, n);
}

void
mint_random_guid(char *out, size_t len)
{
	unsigned char	r[16];

	if (RAND_bytes(r, sizeof(r)) != 1)
		fatal("RAND_bytes failed");
	r[6] = (r[6] & 0x0f) | 0x40;
	r[8] = (r[8] & 0x3f) | 0x80;
	snprintf(out, len, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5],
	    r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
}

static int
mint_pub_pem(struct mint_key *k, char *err, size_t errlen)
{
	BIO	*bio;
	char	*p;
	long	 n;

	if ((bio = BIO_new(BIO_s_mem())) == NULL)
		fatal("BIO_new failed");
	if (PEM_write_bio_PUBKEY(bio, k->pkey) != 1) {
		BIO_free(bio);
		snprintf(err, errlen, "cannot write the public key");
		return (-1);
	}
	n = BIO_get_mem_data(bio, &p);
	k->pub_pem = xstrndup(p, (size_t)n);
	BIO_free(bio);
	return (0);
}

/*
 * Entra's kid (and x5t): base64url of the SHA-1 of the signing
 * certificate's DER. The local stand-in keeps that certificate after the
 * private key in the same PEM file.
 */
static char *
mint_cert_kid(const char *pem, size_t len)
{
	BIO		*bio;
	X509		*x;
	struct buf	 kid;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;

	if ((bio = BIO_new_mem_buf(pem, (int)len)) == NULL)
		fatal("BIO_new_mem_buf failed");
	x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (x == NULL)
		return (NULL);
	buf_init(&kid);
	if (X509_digest(x, EVP_sha1(), md, &mdlen) == 1)
		mint_b64url(&kid, md, mdlen);
	X509_free(x);
	return (kid.len > 0 ? buf_release(&kid) : NULL);
}

int
mint_key_load_pem(struct mint_key *k, const char *pem, size_t len,
    const char *kid, char *err, size_t errlen)
{
	BIO	*bio;

	memset(k, 0, sizeof(*k));
	if ((bio = BIO_new_mem_buf(pem, (int)len)) == NULL)
		fatal("BIO_new_mem_buf failed");
	k->pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (k->pkey == NULL) {
		snprintf(err, errlen, "not a PEM private key");
		return (-1);
	}
	if (!EVP_PKEY_is_a(k->pkey, "RSA") || EVP_PKEY_get_bits(k->pkey) <
	    2048) {
		snprintf(err, errlen, "the signing key must be RSA of at "
		    "least 2048 bits (RS256)");
		mint_key_free(k);
		return (-1);
	}
	if (kid != NULL && *kid != '\0')
		k->kid = xstrdup(kid);
	else if ((k->kid = mint_cert_kid(pem, len)) == NULL) {
		snprintf(err, errlen, "the signing key needs a kid "
		    "(signing_kid, or its certificate in the same file)");
		mint_key_free(k);
		return (-1);
	}
	if (mint_pub_pem(k, err, errlen) == -1) {
		mint_key_free(k);
		return (-1);
	}
	return (0);
}

int
mint_key_load(struct mint_key *k, const char *path, const char *kid,
    char *err, size_t errlen)
{
	char	 buf[KEY_FILE_MAX];
	ssize_t	 n;
	size_t	 off;
	int	 fd, rc;

	memset(k, 0, sizeof(*k));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "signing key %s: %s", path,
		    strerror(errno));
		return (-1);
	}
	for (off = 0; off < sizeof(buf); off += (size_t)n) {
		if ((n = read(fd, buf + off, sizeof(buf) - off)) <= 0)
			break;
	}
	close(fd);
	if (off == sizeof(buf) || n < 0) {
		explicit_bzero(buf, sizeof(buf));
		snprintf(err, errlen, "signing key %s: unreadable or over "
		    "%d bytes", path, KEY_FILE_MAX);
		return (-1);
	}
	rc = mint_key_load_pem(k, buf, off, kid, err, errlen);
	explicit_bzero(buf, sizeof(buf));
	return (rc);
}

/* A fresh RSA key for `token fake`: plausible, trusted by nobody. */
int
mint_key_generate(struct mint_key *k, char *err, size_t errlen)
{
	struct buf	kid;

	memset(k, 0, sizeof(*k));
	if ((k->pkey = EVP_RSA_gen(MINT_RSA_BITS)) == NULL) {
		snprintf(err, errlen, "RSA key generation failed");
		return (-1);
	}
	buf_init(&kid);
	mint_random_id(&kid, 20);
	k->kid = buf_release(&kid);
	if (mint_pub_pem(k, err, errlen) == -1) {
		mint_key_free(k);
		return (-1);
	}
	return (0);
}

void
mint_key_free(struct mint_key *k)
{
	EVP_PKEY_free(k->pkey);
	free(k->kid);
	free(k->pub_pem);
	memset(k, 0, sizeof(*k));
}

static void
mint_ov_free(struct mint_ov *ov, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(ov[i].name);
		free(ov[i].value);
	}
}

/* "a=1 b="x y"" into name/value pairs. */
static int
mint_split(const char *s, struct mint_ov *ov, size_t *n, char *err,
    size_t errlen)
{
	struct buf	 v;
	const char	*name;
	size_t		 i, nlen;

	*n = 0;
	buf_init(&v);
	while (*s != '\0') {
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		name = s;
		while (islower((unsigned char)*s) || isdigit((unsigned char)*s)
		    || *s == '_')
			s++;
		nlen = (size_t)(s - name);
		if (nlen == 0 || *s != '=') {
			snprintf(err, errlen, "minted: expected CLAIM=VALUE "
			    "at '%.20s' (claim names are lower case)", name);
			goto fail;
		}
		s++;
		buf_reset(&v);
		if (*s == '"') {
			for (s++; *s != '"' && *s != '\0'; s++) {
				if (*s == '\\' && s[1] != '\0')
					s++;
				buf_appendc(&v, *s);
			}
			if (*s != '"') {
				snprintf(err, errlen, "minted: unclosed quote "
				    "in %.*s=", (int)nlen, name);
				goto fail;
			}
			s++;
		} else {
			while (*s != '\0' && !isspace((unsigned char)*s))
				buf_appendc(&v, *s++);
		}
		for (i = 0; i < *n; i++) {
			if (strlen(ov[i].name) == nlen &&
			    strncmp(ov[i].name, name, nlen) == 0) {
				snprintf(err, errlen, "minted: %.*s given "
				    "twice", (int)nlen, name);
				goto fail;
			}
		}
		if (*n == MINT_OVERRIDES_MAX) {
			snprintf(err, errlen, "minted: more than %d "
			    "overrides", MINT_OVERRIDES_MAX);
			goto fail;
		}
		ov[*n].name = xstrndup(name, nlen);
		ov[*n].value = xstrdup(buf_str(&v));
		(*n)++;
	}
	buf_free(&v);
	return (0);

fail:
	buf_free(&v);
	mint_ov_free(ov, *n);
	*n = 0;
	return (-1);
}

/*
 * The JSON value of one claim override; *out NULL means remove the
 * claim. now is added to the time claims.
 */
static int
mint_value(const char *name, const char *value, json_t **out, char *err,
    size_t errlen)
{
	json_error_t	 je;
	json_t		*arr;
	const char	*p, *c;
	char		*end;
	long long	 rel;

	*out = NULL;
	if (strcmp(value, "none") == 0)
		return (0);
	if (strncmp(value, "json:", 5) == 0) {
		if ((*out = json_loads(value + 5, JSON_DECODE_ANY, &je)) ==
		    NULL) {
			snprintf(err, errlen, "minted: %s=json:... is not "
			    "JSON: %s", name, je.text);
			return (-1);
		}
		return (0);
	}
	if (strcmp(name, "exp") == 0 || strcmp(name, "nbf") == 0 ||
	    strcmp(name, "iat") == 0) {
		errno = 0;
		rel = strtoll(value, &end, 10);
		if (*value == '\0' || *end != '\0' || errno != 0 ||
		    rel > 100LL * 365 * 86400 || rel < -100LL * 365 * 86400) {
			snprintf(err, errlen, "minted: %s=%s: seconds "
			    "relative to now, e.g. %s=-600", name, value,
			    name);
			return (-1);
		}
		*out = json_integer(rel);	/* made absolute by caller */
		return (0);
	}
	if (strcmp(name, "roles") == 0) {
		arr = json_array();
		for (p = value; *p != '\0'; p = *c == ',' ? c + 1 : c) {
			c = p + strcspn(p, ",");
			json_array_append_new(arr,
			    json_stringn(p, (size_t)(c - p)));
		}
		*out = arr;
		return (0);
	}
	if (value[0] == '[' || value[0] == '{') {
		if ((*out = json_loads(value, 0, &je)) == NULL) {
			snprintf(err, errlen, "minted: %s: bad JSON: %s",
			    name, je.text);
			return (-1);
		}
		return (0);
	}
	*out = json_string(value);
	if (*out == NULL) {
		snprintf(err, errlen, "minted: %s is not UTF-8", name);
		return (-1);
	}
	return (0);
}

/* Was the claim given as json:LITERAL (absolute, left alone)? */
static int
mint_is_json(const struct mint_ov *ov, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(ov[i].name, name) == 0)
			return (strncmp(ov[i].value, "json:", 5) == 0);
	}
	return (0);
}

static int
mint_sign(const struct mint_key *k, enum mint_alg alg, const char *input,
    size_t len, struct buf *out, char *err, size_t errlen)
{
	EVP_MD_CTX	*md;
	unsigned char	 sig[1024], mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen;
	size_t		 siglen;
	int		 ok;

	switch (alg) {
	case MINT_NONE:
		return (0);
	case MINT_HS256_PUBKEY:
		if (HMAC(EVP_sha256(), k->pub_pem, (int)strlen(k->pub_pem),
		    (const unsigned char *)input, len, mac, &maclen) == NULL) {
			snprintf(err, errlen, "HMAC failed");
			return (-1);
		}
		mint_b64url(out, mac, maclen);
		return (0);
	case MINT_RS256:
		break;
	}
	if ((md = EVP_MD_CTX_new()) == NULL)
		fatal("EVP_MD_CTX_new failed");
	siglen = sizeof(sig);
	ok = EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, k->pkey) == 1 &&
	    EVP_DigestSign(md, sig, &siglen, (const unsigned char *)input,
	    len) == 1;
	EVP_MD_CTX_free(md);
	if (!ok) {
		snprintf(err, errlen, "RS256 signing failed");
		return (-1);
	}
	mint_b64url(out, sig, siglen);
	return (0);
}

int
mint_token(const struct mint_key *k, const struct mint_defaults *d,
    const char *overrides, time_t now, struct buf *out, char *err,
    size_t errlen)
{
	struct mint_ov	 ov[MINT_OVERRIDES_MAX];
	json_t		*hdr, *cl, *v;
	struct buf	 uti, in;
	enum mint_alg	 alg;
	const char	*ver;
	char		*h, *c, iss[256];
	size_t		 n, i;
	int		 v1, rc;

	hdr = cl = NULL;
	h = c = NULL;
	n = 0;
	rc = -1;
	buf_init(&uti);
	buf_init(&in);
	buf_reset(out);

	if (mint_split(overrides == NULL ? "" : overrides, ov, &n, err,
	    errlen) == -1)
		return (-1);

	ver = "2.0";
	alg = MINT_RS256;
	for (i = 0; i < n; i++) {
		if (strcmp(ov[i].name, "ver") == 0)
			ver = ov[i].value;
		if (strcmp(ov[i].name, "alg") != 0)
			continue;
		if (strcmp(ov[i].value, "RS256") == 0)
			alg = MINT_RS256;
		else if (strcmp(ov[i].value, "none") == 0)
			alg = MINT_NONE;
		else if (strcmp(ov[i].value, "HS256-pubkey") == 0)
			alg = MINT_HS256_PUBKEY;
		else {
			snprintf(err, errlen, "minted: alg is RS256, none or "
			    "HS256-pubkey, not '%s'", ov[i].value);
			goto out;
		}
	}
	v1 = strcmp(ver, "1.0") == 0;
	if (d->tenant == NULL || d->client_id == NULL || d->azp == NULL ||
	    d->oid == NULL || (v1 && d->api_uri == NULL)) {
		snprintf(err, errlen, "minted tokens need tenant, client_id "
		    "and the agent client's app and object ids (--directory "
		    "or the settings in docs/scenarios.md)");
		goto out;
	}

	/* Entra's own order: typ, alg, x5t (v1), kid. */
	hdr = json_object();
	json_object_set_new(hdr, "typ", json_string("JWT"));
	json_object_set_new(hdr, "alg", json_string(alg == MINT_RS256 ?
	    "RS256" : alg == MINT_NONE ? "none" : "HS256"));
	if (v1)
		json_object_set_new(hdr, "x5t", json_string(k->kid));
	json_object_set_new(hdr, "kid", json_string(k->kid));

	mint_random_id(&uti, 16);
	cl = json_object();
	if (v1) {
		snprintf(iss, sizeof(iss), "https://sts.windows.net/%s/",
		    d->tenant);
		json_object_set_new(cl, "aud", json_string(d->api_uri));
	} else {
		snprintf(iss, sizeof(iss),
		    "https://login.microsoftonline.com/%s/v2.0", d->tenant);
		json_object_set_new(cl, "aud", json_string(d->client_id));
	}
	json_object_set_new(cl, "iss", json_string(iss));
	json_object_set_new(cl, "iat", json_integer(0));
	json_object_set_new(cl, "nbf", json_integer(0));
	json_object_set_new(cl, "exp", json_integer(TOKEN_LIFETIME));
	if (v1) {
		json_object_set_new(cl, "appid", json_string(d->azp));
		json_object_set_new(cl, "appidacr", json_string("1"));
		json_object_set_new(cl, "idp", json_string(iss));
	} else {
		json_object_set_new(cl, "azp", json_string(d->azp));
		json_object_set_new(cl, "azpacr", json_string("1"));
	}
	json_object_set_new(cl, "idtyp", json_string("app"));
	json_object_set_new(cl, "oid", json_string(d->oid));
	json_object_set_new(cl, "roles", json_pack("[s]", "MCP.Access"));
	json_object_set_new(cl, "sub", json_string(d->oid));
	json_object_set_new(cl, "tid", json_string(d->tenant));
	json_object_set_new(cl, "uti", json_string(buf_str(&uti)));
	json_object_set_new(cl, "ver", json_string(ver));

	for (i = 0; i < n; i++) {
		if (strcmp(ov[i].name, "alg") == 0 ||
		    strcmp(ov[i].name, "ver") == 0)
			continue;
		if (mint_value(ov[i].name, ov[i].value, &v, err,
		    errlen) == -1)
			goto out;
		if (strcmp(ov[i].name, "kid") == 0 ||
		    strcmp(ov[i].name, "x5t") == 0 ||
		    strcmp(ov[i].name, "typ") == 0) {
			if (v == NULL)
				json_object_del(hdr, ov[i].name);
			else
				json_object_set_new(hdr, ov[i].name, v);
		} else if (v == NULL) {
			json_object_del(cl, ov[i].name);
		} else {
			json_object_set_new(cl, ov[i].name, v);
		}
	}
	/* Time claims given as plain integers are relative to now. */
	for (i = 0; mint_time_claims[i] != NULL; i++) {
		if (mint_is_json(ov, n, mint_time_claims[i]))
			continue;
		v = json_object_get(cl, mint_time_claims[i]);
		if (json_is_integer(v))
			json_integer_set(v, (json_int_t)now +
			    json_integer_value(v));
	}

	if ((h = json_dumps(hdr, JSON_COMPACT)) == NULL ||
	    (c = json_dumps(cl, JSON_COMPACT)) == NULL)
		fatal("json_dumps failed");
	mint_b64url(&in, (unsigned char *)h, strlen(h));
	buf_appendc(&in, '.');
	mint_b64url(&in, (unsigned char *)c, strlen(c));
	buf_append(out, in.data, in.len);
	buf_appendc(out, '.');
	if (mint_sign(k, alg, in.data, in.len, out, err, errlen) == -1)
		goto out;
	if (out->len > TOKEN_LEN_MAX) {
		snprintf(err, errlen, "minted token over %d bytes",
		    TOKEN_LEN_MAX);
		goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		buf_free_secret(out);
	mint_ov_free(ov, n);
	json_decref(hdr);
	json_decref(cl);
	free(h);
	free(c);
	buf_free(&uti);
	buf_free(&in);
	return (rc);
}
