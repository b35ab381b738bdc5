/*
 * token.c: app-only tokens shaped like Entra ID's, per version. Shapes
 * from ../shared/notes/easyauth-and-entra.md section 1 (table and sample
 * payloads) and the access token claims reference (CR): v1 iss
 * sts.windows.net with trailing slash, aud as requested, appid/appidacr,
 * idp = iss, header kid and x5t; v2 iss login.microsoftonline.com/.../v2.0,
 * aud = the API's client id, azp/azpacr, header kid only; roles only when
 * assigned; lifetime 60 to 90 minutes.
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "b64.h"
#include "directory.h"
#include "keyring.h"
#include "token.h"

#define NOW	1700000000

static struct directory	dir;
static struct keyring	kr;
static char		kdir[64];

static void
setup(void)
{
	static char	blob[ISSUER_KEYBLOB_MAX];
	char		err[ISSUER_ERR_MAX], path[128];
	size_t		len;

	cr_assert_eq(directory_load(&dir, "fixtures/directory.json", err,
	    sizeof(err)), 0, "run from the repository root: %s", err);
	(void)snprintf(kdir, sizeof(kdir), "/tmp/issuer-token-XXXXXX");
	cr_assert_not_null(mkdtemp(kdir));
	cr_assert_eq(keyring_ensure(kdir, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(keyring_read(kdir, blob, sizeof(blob), &len, err,
	    sizeof(err)), 0);
	cr_assert_eq(keyring_parse(&kr, blob, len, err, sizeof(err)), 0);
	(void)snprintf(path, sizeof(path), "%s/key-0001.pem", kdir);
	(void)unlink(path);
	(void)rmdir(kdir);
}

static void
teardown(void)
{
	keyring_free(&kr);
	directory_clear(&dir);
}

TestSuite(token, .init = setup, .fini = teardown);

static void
spec_for(struct token_spec *s, const char *client, int version)
{
	memset(s, 0, sizeof(*s));
	s->dir = &dir;
	cr_assert_not_null(s->client = directory_client_named(&dir, client));
	s->aud_v1 = dir.res.uris[0];
	s->version = version;
	s->now = NOW;
	s->lifetime = 4000;
	(void)snprintf(s->uti, sizeof(s->uti), "uti-value");
	(void)snprintf(s->rh, sizeof(s->rh), "0.Arh.");
	(void)snprintf(s->aio, sizeof(s->aio), "aio+value=");
}

/* The claim names of c, in order, joined by spaces. */
static void
names(json_t *c, char *out, size_t outlen)
{
	const char	*k;
	json_t		*v;

	out[0] = '\0';
	json_object_foreach(c, k, v) {
		if (out[0] != '\0')
			(void)strncat(out, " ", outlen - strlen(out) - 1);
		(void)strncat(out, k, outlen - strlen(out) - 1);
	}
}

/* The claims for client at version, after checking their names. */
static json_t *
claims(struct token_spec *s, const char *client, int version,
    const char *want)
{
	json_t	*c;
	char	 n[512];

	spec_for(s, client, version);
	c = token_claims(s);
	names(c, n, sizeof(n));
	cr_assert_str_eq(n, want, "Entra's v%d app-only claim set", version);
	return (c);
}

static const char *
str(json_t *c, const char *k)
{
	cr_assert(json_is_string(json_object_get(c, k)), "claim %s", k);
	return (json_string_value(json_object_get(c, k)));
}

Test(token, v2_claims_for_a_client_with_roles)
{
	struct token_spec	s;
	json_t			*c, *roles;

	c = claims(&s, "agent", 2, "aud iss iat nbf exp aio azp azpacr idtyp "
	    "oid rh roles sub tid uti ver");

	cr_assert_str_eq(str(c, "aud"), "61c2716c-df87-4216-bad8-d227701f4195",
	    "v2 aud is always the API's client id");
	cr_assert_str_eq(str(c, "iss"), "https://login.microsoftonline.com/"
	    "835db6b3-71d4-4363-b50b-ddf339b33b4b/v2.0");
	cr_assert_str_eq(str(c, "azp"), "1e6571b5-b522-426c-a9fa-4b16af19b4e6");
	cr_assert_str_eq(str(c, "azpacr"), "1", "a client secret");
	cr_assert_str_eq(str(c, "idtyp"), "app");
	cr_assert_str_eq(str(c, "oid"), "d8911250-41c2-4d6a-a466-fc10c5c6c0d9",
	    "the client's service principal");
	cr_assert_str_eq(str(c, "sub"), str(c, "oid"));
	cr_assert_str_eq(str(c, "tid"), dir.tenant_id);
	cr_assert_str_eq(str(c, "ver"), "2.0");
	cr_assert_str_eq(str(c, "uti"), "uti-value");
	cr_assert_str_eq(str(c, "rh"), "0.Arh.");
	cr_assert_str_eq(str(c, "aio"), "aio+value=");

	roles = json_object_get(c, "roles");
	cr_assert_eq(json_array_size(roles), 2);
	cr_assert_str_eq(json_string_value(json_array_get(roles, 0)),
	    "MCP.Access");
	cr_assert_str_eq(json_string_value(json_array_get(roles, 1)),
	    "MCP.Write");
	json_decref(c);
}

Test(token, v1_claims)
{
	struct token_spec	s;
	json_t			*c;

	c = claims(&s, "project", 1, "aud iss iat nbf exp aio appid appidacr "
	    "idp idtyp oid rh roles sub tid uti ver");
	cr_assert_str_eq(str(c, "iss"), "https://sts.windows.net/"
	    "835db6b3-71d4-4363-b50b-ddf339b33b4b/", "with the trailing slash");
	cr_assert_str_eq(str(c, "aud"), "api://61c2716c-df87-4216-bad8-"
	    "d227701f4195", "v1 aud is the resource as requested");
	cr_assert_str_eq(str(c, "appid"),
	    "17ff222a-ccb1-4bab-b807-e3bb447ad866");
	cr_assert_str_eq(str(c, "appidacr"), "1");
	cr_assert_str_eq(str(c, "idp"), str(c, "iss"), "idp = iss, app-only");
	cr_assert_str_eq(str(c, "ver"), "1.0");
	cr_assert_eq(json_array_size(json_object_get(c, "roles")), 1);
	json_decref(c);

	s.aud_v1 = dir.res.app_id;
	c = token_claims(&s);
	cr_assert_str_eq(str(c, "aud"), dir.res.app_id,
	    "requested by client id, v1 aud is the GUID");
	json_decref(c);
}

Test(token, roles_absent_when_none_assigned)
{
	struct token_spec	s;
	json_t			*c;
	int			 v;

	for (v = 1; v <= 2; v++) {
		spec_for(&s, "norole", v);
		c = token_claims(&s);
		cr_assert_null(json_object_get(c, "roles"),
		    "absent, not empty (CR: only claims that have a value)");
		cr_assert_null(json_object_get(c, "scp"), "app-only: no scp");
		json_decref(c);
	}
}

Test(token, times)
{
	struct token_spec	s;
	json_t			*c;

	spec_for(&s, "agent", 2);
	c = token_claims(&s);
	cr_assert_eq(json_integer_value(json_object_get(c, "iat")),
	    NOW - TOKEN_BACKDATE);
	cr_assert_eq(json_integer_value(json_object_get(c, "nbf")),
	    NOW - TOKEN_BACKDATE);
	cr_assert_eq(json_integer_value(json_object_get(c, "exp")), NOW + 4000);
	json_decref(c);
}

Test(token, random_parts_within_bounds)
{
	struct token_spec	s;
	unsigned		lo, hi;
	int			i;

	lo = TOKEN_LIFETIME_MAX;
	hi = 0;
	for (i = 0; i < 2000; i++) {
		spec_for(&s, "agent", 2);
		cr_assert_eq(token_randomize(&s), 0);
		cr_assert_geq(s.lifetime, TOKEN_LIFETIME_MIN);
		cr_assert_leq(s.lifetime, TOKEN_LIFETIME_MAX);
		lo = s.lifetime < lo ? s.lifetime : lo;
		hi = s.lifetime > hi ? s.lifetime : hi;
	}
	/* Randomised over the whole range, not a constant. */
	cr_assert_lt(lo, 3700);
	cr_assert_gt(hi, 5300);

	cr_assert_eq(strlen(s.uti), 22, "16 bytes in base64url");
	cr_assert_null(strpbrk(s.uti, "+/="));
	cr_assert_eq(strncmp(s.rh, "0.A", 3), 0);
	cr_assert_eq(s.rh[strlen(s.rh) - 1], '.');
	cr_assert_eq(strlen(s.aio), 56);
}

Test(token, headers_per_version)
{
	struct token_spec	s;
	json_t			*h;
	char			 n[128];

	spec_for(&s, "agent", 1);
	h = token_header(&s, keyring_signer(&kr));
	names(h, n, sizeof(n));
	cr_assert_str_eq(n, "typ alg x5t kid");
	cr_assert_str_eq(str(h, "alg"), "RS256");
	cr_assert_str_eq(str(h, "x5t"), keyring_signer(&kr)->kid);
	cr_assert_str_eq(str(h, "kid"), keyring_signer(&kr)->kid);
	json_decref(h);

	spec_for(&s, "agent", 2);
	h = token_header(&s, keyring_signer(&kr));
	names(h, n, sizeof(n));
	cr_assert_str_eq(n, "typ alg kid", "v2 tokens carry no x5t");
	json_decref(h);
}

static json_t *
segment(const char *tok, int which)
{
	const char	*p, *e;
	char		 buf[TOKEN_MAX];
	size_t		 n;
	int		 i;

	p = tok;
	for (i = 0; i < which; i++)
		p = strchr(p, '.') + 1;
	e = strchr(p, '.');
	cr_assert_eq(b64_decode(B64_URL, p, (size_t)(e - p), buf,
	    sizeof(buf) - 1, &n), 0);
	buf[n] = '\0';
	return (json_loads(buf, 0, NULL));
}

Test(token, signed_compact_jws_verifies)
{
	struct token_spec	 s;
	const struct keyring_key *k;
	EVP_MD_CTX		*ctx;
	json_t			*h, *c;
	unsigned char		 sig[512];
	char			*tok, *dot;
	size_t			 slen;

	spec_for(&s, "agent", 2);
	cr_assert_eq(token_randomize(&s), 0);
	k = keyring_signer(&kr);
	cr_assert_not_null(tok = token_issue(&s, k));
	cr_assert_lt(strlen(tok), TOKEN_MAX);
	cr_assert_null(strpbrk(tok, "+/= "), "base64url segments only");

	h = segment(tok, 0);
	c = segment(tok, 1);
	cr_assert_str_eq(str(h, "kid"), k->kid);
	cr_assert_str_eq(str(c, "uti"), s.uti);
	cr_assert_eq(json_integer_value(json_object_get(c, "exp")),
	    (json_int_t)s.now + s.lifetime);
	json_decref(h);
	json_decref(c);

	/* RS256: RSASSA-PKCS1-v1_5 SHA-256 over "header.payload". */
	dot = strrchr(tok, '.');
	cr_assert_eq(b64_decode(B64_URL, dot + 1, strlen(dot + 1), sig,
	    sizeof(sig), &slen), 0);
	cr_assert_eq(slen, 256);
	ctx = EVP_MD_CTX_new();
	cr_assert_eq(EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL,
	    k->pkey), 1);
	cr_assert_eq(EVP_DigestVerify(ctx, sig, slen, (unsigned char *)tok,
	    (size_t)(dot - tok)), 1);
	EVP_MD_CTX_free(ctx);

	/* A changed payload no longer verifies. */
	tok[(dot - tok) / 2] ^= 1;
	ctx = EVP_MD_CTX_new();
	cr_assert_eq(EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL,
	    k->pkey), 1);
	cr_assert_neq(EVP_DigestVerify(ctx, sig, slen, (unsigned char *)tok,
	    (size_t)(dot - tok)), 1);
	EVP_MD_CTX_free(ctx);
	free(tok);
}

Test(token, issuers)
{
	char	iss[128];

	token_issuer(1, "T", iss, sizeof(iss));
	cr_assert_str_eq(iss, "https://sts.windows.net/T/");
	token_issuer(2, "T", iss, sizeof(iss));
	cr_assert_str_eq(iss, "https://login.microsoftonline.com/T/v2.0");
}
