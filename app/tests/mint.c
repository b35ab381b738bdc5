/*
 * Test-only token minting (see mint.h).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "b64url.h"
#include "mint.h"



/* Test key number idx (0 .. MINT_KEYS-1) under the given kid. */
void
mint_key_load(struct mint_key *k, int idx, const char *kid)
{
	const char	*dir;
	char		 path[256];
	FILE		*fp;

	memset(k, 0, sizeof(*k));
	if ((dir = getenv("MINT_KEYDIR")) == NULL)
		mint_die("MINT_KEYDIR");
	(void)snprintf(path, sizeof(path), "%s/%d.pem", dir, idx);
	if ((fp = fopen(path, "r")) == NULL)
		mint_die("fopen key");
	k->pkey = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
	fclose(fp);
	if (k->pkey == NULL)
		mint_die("PEM_read_PrivateKey");
	(void)snprintf(k->kid, sizeof(k->kid), "%s", kid);
}

void
mint_key(struct mint_key *k, const char *kid, int bits)
{
	memset(k, 0, sizeof(*k));
	if ((k->pkey = EVP_RSA_gen((unsigned int)bits)) == NULL)
		mint_die("EVP_RSA_gen");
	(void)snprintf(k->kid, sizeof(k->kid), "%s", kid);
}

void
mint_key_free(struct mint_key *k)
{
	EVP_PKEY_free(k->pkey);
	k->pkey = NULL;
}

char *
mint_b64(const void *data, size_t len)
{
	char	*out;
	size_t	 n;

	n = B64URL_ENCODED_SIZE(len);
	if ((out = malloc(n)) == NULL)
		mint_die("malloc");
	if (b64url_encode(data, len, out, n) == -1)
		mint_die("b64url_encode");
	return (out);
}

static char *
mint_bn64(const EVP_PKEY *pkey, const char *name)
{
	BIGNUM		*bn;
	unsigned char	 buf[1100];
	int		 n;
	char		*s;

	bn = NULL;
	if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1)
		mint_die("get_bn_param");
	n = BN_bn2bin(bn, buf);
	s = mint_b64(buf, (size_t)n);
	BN_free(bn);
	return (s);
}

/* The key as Entra publishes it: kty, use, kid, x5t (= kid), n, e. */
json_t *
mint_jwk(const struct mint_key *k)
{
	char	*n, *e;
	json_t	*o;

	n = mint_bn64(k->pkey, OSSL_PKEY_PARAM_RSA_N);
	e = mint_bn64(k->pkey, OSSL_PKEY_PARAM_RSA_E);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "RSA",
	    "use", "sig", "kid", k->kid, "x5t", k->kid, "n", n, "e", e);
	free(n);
	free(e);
	return (o);
}

json_t *
mint_jwks(const struct mint_key *keys, int n)
{
	json_t	*arr;
	int	 i;

	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, mint_jwk(&keys[i]));
	return (json_pack("{s:o}", "keys", arr));
}

/* The public key in PEM, the "secret" of an algorithm confusion attack. */
char *
mint_pem(const struct mint_key *k)
{
	BIO	*bio;
	char	*data, *out;
	long	 len;

	bio = BIO_new(BIO_s_mem());
	if (PEM_write_bio_PUBKEY(bio, k->pkey) != 1)
		mint_die("PEM_write_bio_PUBKEY");
	len = BIO_get_mem_data(bio, &data);
	out = strndup(data, (size_t)len);
	BIO_free(bio);
	return (out);
}

char *
mint_join(const char *h, const char *p, const char *s)
{
	char	*out;
	size_t	 len;

	len = strlen(h) + strlen(p) + strlen(s) + 3;
	if ((out = malloc(len)) == NULL)
		mint_die("malloc");
	(void)snprintf(out, len, "%s.%s.%s", h, p, s);
	return (out);
}

/*
 * header.payload.signature, header and payload JSON text encoded as
 * given, the signature computed by sign over "header.payload": RS256
 * with key k, or HMAC-SHA256 with secret (an attack, never a real token).
 */
static char *
mint_compact(const struct mint_key *k, const char *secret, size_t slen,
    const char *header, const char *payload)
{
	EVP_MD_CTX	*md;
	unsigned char	 sig[1024];
	unsigned int	 maclen;
	size_t		 siglen;
	char		*h, *p, *s, *input, *tok;

	h = mint_b64(header, strlen(header));
	p = mint_b64(payload, strlen(payload));
	input = mint_join(h, p, "");
	input[strlen(input) - 1] = '\0';

	siglen = sizeof(sig);
	if (k != NULL) {
		md = EVP_MD_CTX_new();
		if (EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL,
		    k->pkey) != 1 || EVP_DigestSign(md, sig, &siglen,
		    (unsigned char *)input, strlen(input)) != 1)
			mint_die("EVP_DigestSign");
		EVP_MD_CTX_free(md);
	} else {
		if (HMAC(EVP_sha256(), secret, (int)slen,
		    (unsigned char *)input, strlen(input), sig,
		    &maclen) == NULL)
			mint_die("HMAC");
		siglen = maclen;
	}

	s = mint_b64(sig, siglen);
	tok = mint_join(h, p, s);
	free(h);
	free(p);
	free(s);
	free(input);
	return (tok);
}

char *
mint_sign(const struct mint_key *k, const char *header, const char *payload)
{
	return (mint_compact(k, NULL, 0, header, payload));
}

char *
mint_hs256(const char *secret, size_t slen, const char *header,
    const char *payload)
{
	return (mint_compact(NULL, secret, slen, header, payload));
}

/*
 * An app-only token shaped like Entra's: v2 (aud = client id GUID, azp,
 * kid only) or v1 (aud = api://<client id>, appid, kid and x5t), exp
 * relative to now. over: a JSON object whose members replace or add
 * claims (a null member removes the claim); NULL for none.
 */
static char *
mint_app(const struct mint_key *k, int v1, long exp_in, const char *over)
{
	json_t	*pl, *o, *v;
	char	 hdr[256], *text, *tok;
	const char *key;
	long	 now;

	now = (long)time(NULL);
	if (v1) {
		(void)snprintf(hdr, sizeof(hdr), "{\"typ\":\"JWT\","
		    "\"alg\":\"RS256\",\"x5t\":\"%s\",\"kid\":\"%s\"}",
		    k->kid, k->kid);
		pl = json_pack("{s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:s,"
		    " s:s, s:[s], s:s, s:s, s:s, s:s}",
		    "aud", "api://" MINT_API, "iss", MINT_ISS_V1,
		    "iat", (json_int_t)(now - 60),
		    "nbf", (json_int_t)(now - 60),
		    "exp", (json_int_t)(now + exp_in), "appid", MINT_AGENT,
		    "appidacr", "2", "idp", MINT_ISS_V1, "idtyp", "app",
		    "oid", MINT_AGENT_OID, "roles", "MCP.Access",
		    "sub", MINT_AGENT_OID, "tid", MINT_TENANT, "uti", "u",
		    "ver", "1.0");
	} else {
		(void)snprintf(hdr, sizeof(hdr), "{\"typ\":\"JWT\","
		    "\"alg\":\"RS256\",\"kid\":\"%s\"}", k->kid);
		pl = json_pack("{s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:s,"
		    " s:[s], s:s, s:s, s:s, s:s}",
		    "aud", MINT_API, "iss", MINT_ISS_V2,
		    "iat", (json_int_t)(now - 60),
		    "nbf", (json_int_t)(now - 60),
		    "exp", (json_int_t)(now + exp_in), "azp", MINT_AGENT,
		    "azpacr", "1", "idtyp", "app", "oid", MINT_AGENT_OID,
		    "roles", "MCP.Access", "sub", MINT_AGENT_OID,
		    "tid", MINT_TENANT, "uti", "u", "ver", "2.0");
	}
	if (pl == NULL)
		mint_die("json_pack");

	if (over != NULL) {
		if ((o = json_loads(over, 0, NULL)) == NULL)
			mint_die("override JSON");
		json_object_foreach(o, key, v) {
			if (json_is_null(v))
				json_object_del(pl, key);
			else
				json_object_set(pl, key, v);
		}
		json_decref(o);
	}

	text = json_dumps(pl, JSON_COMPACT);
	tok = mint_sign(k, hdr, text);
	free(text);
	json_decref(pl);
	return (tok);
}

char *
mint_v2(const struct mint_key *k, long exp_in, const char *over)
{
	return (mint_app(k, 0, exp_in, over));
}

char *
mint_v1(const struct mint_key *k, long exp_in, const char *over)
{
	return (mint_app(k, 1, exp_in, over));
}

void
mint_die(const char *what)
{
	fprintf(stderr, "mint: %s failed\n", what);
	abort();
}
