/*
 * mint.c: Entra ID shaped tokens (easyauth-and-entra.md section 1: v1
 * and v2 app-only shapes) and the attack variants the gate must refuse
 * (kore-on-debian.md section 8: alg none, HS256 keyed with the public
 * key). Tokens are decoded and verified with libjwt, an implementation
 * that is not the runner's own.
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <jwt.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "mint.h"

#define NOW		1754479503L
#define TENANT		"835db6b3-71d4-4363-b50b-ddf339b33b4b"
#define API		"61c2716c-df87-4216-bad8-d227701f4195"
#define AGENT		"1e6571b5-b522-426c-a9fa-4b16af19b4e6"
#define AGENT_OID	"d8911250-41c2-4d6a-a466-fc10c5c6c0d9"

static struct mint_key		key;
static struct mint_defaults	defs = {
	TENANT, API, "api://" API, AGENT, AGENT_OID
};
static struct buf		tok;
static jwt_t			*jwt;
static json_t			*claims;

static void
setup(void)
{
	char	err[256];

	cr_assert_eq(mint_key_generate(&key, err, sizeof(err)), 0, "%s", err);
	buf_init(&tok);
	jwt = NULL;
	claims = NULL;
}

static void
teardown(void)
{
	mint_key_free(&key);
	buf_free(&tok);
	jwt_free(jwt);
	json_decref(claims);
}

TestSuite(mint, .init = setup, .fini = teardown);

/* Mint with overrides, verify with libjwt and the given key text. */
static void
mint_verify(const char *ov, const char *vkey)
{
	char	err[256], *all;

	cr_assert_eq(mint_token(&key, &defs, ov, NOW, &tok, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(jwt_decode(&jwt, buf_str(&tok),
	    (const unsigned char *)vkey, vkey == NULL ? 0 : (int)strlen(vkey)),
	    0, "libjwt refused the token minted with '%s'", ov);
	all = jwt_get_grants_json(jwt, NULL);
	claims = json_loads(all, 0, NULL);
	free(all);
	cr_assert_not_null(claims);
}

static const char *
claim(const char *name)
{
	return (json_string_value(json_object_get(claims, name)));
}

static long
claim_int(const char *name)
{
	return ((long)json_integer_value(json_object_get(claims, name)));
}

Test(mint, v2_defaults)
{
	const char	*k;
	json_t		*v;
	size_t		 n;
	static const char *want[] = { "aud", "iss", "iat", "nbf", "exp",
	    "azp", "azpacr", "idtyp", "oid", "roles", "sub", "tid", "uti",
	    "ver", NULL };

	mint_verify("", key.pub_pem);
	cr_assert_eq(jwt_get_alg(jwt), JWT_ALG_RS256);
	cr_assert_str_eq(jwt_get_header(jwt, "kid"), key.kid);
	cr_assert_str_eq(jwt_get_header(jwt, "typ"), "JWT");
	cr_assert_null(jwt_get_header(jwt, "x5t"), "v2 has no x5t");
	cr_assert_str_eq(claim("iss"), "https://login.microsoftonline.com/"
	    TENANT "/v2.0");
	cr_assert_str_eq(claim("aud"), API);
	cr_assert_str_eq(claim("azp"), AGENT);
	cr_assert_str_eq(claim("azpacr"), "1");
	cr_assert_str_eq(claim("oid"), AGENT_OID);
	cr_assert_str_eq(claim("sub"), AGENT_OID);
	cr_assert_str_eq(claim("tid"), TENANT);
	cr_assert_str_eq(claim("idtyp"), "app");
	cr_assert_str_eq(claim("ver"), "2.0");
	cr_assert_eq(claim_int("iat"), NOW);
	cr_assert_eq(claim_int("nbf"), NOW);
	cr_assert_eq(claim_int("exp"), NOW + 3600);
	cr_assert_eq(strlen(claim("uti")), 22);
	cr_assert_str_eq(json_string_value(json_array_get(
	    json_object_get(claims, "roles"), 0)), "MCP.Access");
	cr_assert_eq(json_array_size(json_object_get(claims, "roles")), 1);
	for (n = 0; want[n] != NULL; n++)
		cr_assert_not_null(json_object_get(claims, want[n]), "%s",
		    want[n]);
	cr_assert_eq(json_object_size(claims), n, "exactly these claims");
	json_object_foreach(claims, k, v)
		cr_assert(strcmp(k, "appid") != 0);
}

Test(mint, v1_shape)
{
	mint_verify("ver=1.0", key.pub_pem);
	cr_assert_str_eq(jwt_get_header(jwt, "x5t"), key.kid);
	cr_assert_str_eq(jwt_get_header(jwt, "kid"), key.kid);
	cr_assert_str_eq(claim("iss"), "https://sts.windows.net/" TENANT "/");
	cr_assert_str_eq(claim("idp"), "https://sts.windows.net/" TENANT "/");
	cr_assert_str_eq(claim("aud"), "api://" API);
	cr_assert_str_eq(claim("appid"), AGENT);
	cr_assert_str_eq(claim("appidacr"), "1");
	cr_assert_null(json_object_get(claims, "azp"));
	cr_assert_null(json_object_get(claims, "azpacr"));
	cr_assert_str_eq(claim("ver"), "1.0");
}

Test(mint, overrides)
{
	mint_verify("aud=https://management.azure.com exp=-600 nbf=+120 "
	    "iat=-30 roles=MCP.Access,MCP.Write tid=other scp=\"a b\" "
	    "idtyp=none kid=other-kid xms_idrel=json:7", key.pub_pem);
	cr_assert_str_eq(claim("aud"), "https://management.azure.com");
	cr_assert_eq(claim_int("exp"), NOW - 600);
	cr_assert_eq(claim_int("nbf"), NOW + 120);
	cr_assert_eq(claim_int("iat"), NOW - 30);
	cr_assert_eq(json_array_size(json_object_get(claims, "roles")), 2);
	cr_assert_str_eq(json_string_value(json_array_get(
	    json_object_get(claims, "roles"), 1)), "MCP.Write");
	cr_assert_str_eq(claim("tid"), "other");
	cr_assert_str_eq(claim("iss"), "https://login.microsoftonline.com/"
	    TENANT "/v2.0", "tid alone leaves iss");
	cr_assert_str_eq(claim("scp"), "a b");
	cr_assert_null(json_object_get(claims, "idtyp"));
	cr_assert_str_eq(jwt_get_header(jwt, "kid"), "other-kid");
	cr_assert_eq(claim_int("xms_idrel"), 7);
}

Test(mint, roles_none_and_empty_and_aud_array)
{
	mint_verify("roles=none aud=[\"a\",\"b\"] exp=json:\"soon\"",
	    key.pub_pem);
	cr_assert_null(json_object_get(claims, "roles"));
	cr_assert_eq(json_array_size(json_object_get(claims, "aud")), 2);
	cr_assert_str_eq(claim("exp"), "soon");
	jwt_free(jwt);
	json_decref(claims);
	mint_verify("roles= kid=none", key.pub_pem);
	cr_assert(json_is_array(json_object_get(claims, "roles")));
	cr_assert_eq(json_array_size(json_object_get(claims, "roles")), 0);
	cr_assert_null(jwt_get_header(jwt, "kid"));
}

Test(mint, wrong_key_does_not_verify)
{
	struct mint_key	other;
	char		err[256];

	cr_assert_eq(mint_key_generate(&other, err, sizeof(err)), 0);
	cr_assert_eq(mint_token(&key, &defs, "", NOW, &tok, err,
	    sizeof(err)), 0);
	cr_assert_neq(jwt_decode(&jwt, buf_str(&tok),
	    (unsigned char *)other.pub_pem, (int)strlen(other.pub_pem)), 0);
	mint_key_free(&other);
}

Test(mint, alg_none_is_unsigned)
{
	const char	*t;

	mint_verify("alg=none", NULL);
	cr_assert_eq(jwt_get_alg(jwt), JWT_ALG_NONE);
	t = buf_str(&tok);
	cr_assert_eq(t[strlen(t) - 1], '.', "empty signature");
}

Test(mint, hs256_keyed_with_the_public_pem)
{
	/* libjwt itself falls for it: the attack the gate must refuse. */
	mint_verify("alg=HS256-pubkey", key.pub_pem);
	cr_assert_eq(jwt_get_alg(jwt), JWT_ALG_HS256);
	cr_assert(strncmp(key.pub_pem, "-----BEGIN PUBLIC KEY-----\n", 27) ==
	    0);
}

Test(mint, bad_overrides)
{
	static const char	*bad[][2] = {
		{ "alg=HS512", "alg is RS256, none or HS256-pubkey" },
		{ "Aud=x", "claim names are lower case" },
		{ "aud", "expected CLAIM=VALUE" },
		{ "scp=\"open", "unclosed quote" },
		{ "aud=a aud=b", "aud given twice" },
		{ "exp=soon", "seconds relative to now" },
		{ "aud=[1,", "bad JSON" },
		{ "x=json:{", "is not JSON" },
	};
	char			 err[256];
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(mint_token(&key, &defs, bad[i][0], NOW, &tok, err,
		    sizeof(err)), -1, "'%s' accepted", bad[i][0]);
		cr_assert(strstr(err, bad[i][1]) != NULL, "%s: %s", bad[i][0],
		    err);
	}
}

Test(mint, missing_defaults)
{
	struct mint_defaults	d = { NULL, API, NULL, AGENT, AGENT_OID };
	char			err[256];

	cr_assert_eq(mint_token(&key, &d, "", NOW, &tok, err, sizeof(err)),
	    -1);
	cr_assert(strstr(err, "need tenant") != NULL, "%s", err);
}

Test(mint, load_pem_key)
{
	struct mint_key	 k2;
	struct buf	 want;
	EVP_PKEY	*small;
	X509		*cert;
	BIO		*bio;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
	char		 err[256], path[] = "/tmp/mint-key-XXXXXX", *pem;
	long		 n;
	int		 fd;

	bio = BIO_new(BIO_s_mem());
	PEM_write_bio_PrivateKey(bio, key.pkey, NULL, NULL, 0, NULL, NULL);
	n = BIO_get_mem_data(bio, &pem);
	fd = mkstemp(path);
	cr_assert_eq(write(fd, pem, (size_t)n), n);
	close(fd);
	cr_assert_eq(mint_key_load(&k2, path, "local-kid-1", err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(k2.kid, "local-kid-1");
	cr_assert_str_eq(k2.pub_pem, key.pub_pem, "same key");
	mint_key_free(&k2);
	cr_assert_eq(mint_key_load(&k2, path, "", err, sizeof(err)), -1);
	cr_assert(strstr(err, "needs a kid") != NULL);
	unlink(path);
	cr_assert_eq(mint_key_load(&k2, path, "k", err, sizeof(err)), -1);
	cr_assert(strstr(err, "No such file") != NULL, "%s", err);

	/* Key then certificate (the stand-in's files): kid = x5t. */
	cert = X509_new();
	X509_set_version(cert, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
	X509_gmtime_adj(X509_getm_notBefore(cert), 0);
	X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
	X509_set_pubkey(cert, key.pkey);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN",
	    MBSTRING_ASC, (const unsigned char *)"local", -1, -1, 0);
	X509_set_issuer_name(cert, X509_get_subject_name(cert));
	cr_assert_gt(X509_sign(cert, key.pkey, EVP_sha256()), 0);
	PEM_write_bio_X509(bio, cert);
	X509_digest(cert, EVP_sha1(), md, &mdlen);
	buf_init(&want);
	mint_b64url(&want, md, mdlen);
	n = BIO_get_mem_data(bio, &pem);
	cr_assert_eq(mint_key_load_pem(&k2, pem, (size_t)n, NULL, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(k2.kid, buf_str(&want));
	cr_assert_eq(strlen(k2.kid), 27);
	mint_key_free(&k2);
	buf_free(&want);
	X509_free(cert);
	BIO_free(bio);

	/* RS256 keys are 2048 bits and more. */
	small = EVP_RSA_gen(1024);
	bio = BIO_new(BIO_s_mem());
	PEM_write_bio_PrivateKey(bio, small, NULL, NULL, 0, NULL, NULL);
	n = BIO_get_mem_data(bio, &pem);
	cr_assert_eq(mint_key_load_pem(&k2, pem, (size_t)n, "k", err,
	    sizeof(err)), -1);
	cr_assert(strstr(err, "at least 2048 bits") != NULL);
	BIO_free(bio);
	EVP_PKEY_free(small);
	cr_assert_eq(mint_key_load_pem(&k2, "garbage", 7, "k", err,
	    sizeof(err)), -1);
}

Test(mint, b64url_and_guid)
{
	struct buf	b;
	char		g[40];

	buf_init(&b);
	mint_b64url(&b, (const unsigned char *)"\xfb\xff\x00\x41", 4);
	cr_assert_str_eq(buf_str(&b), "-_8AQQ");
	buf_free(&b);
	mint_random_guid(g, sizeof(g));
	cr_assert_eq(strlen(g), 36);
	cr_assert_eq(g[14], '4', "version 4 GUID");
}
