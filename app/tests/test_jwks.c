/*
 * jwks.c (JWK -> EVP_PKEY table, notes kore-on-debian 9) and the
 * metadata checks of keyfetch.c (issue 4 "Keys and speed").
 */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "authcfg.h"
#include "jwks.h"
#include "keyfetch.h"
#include "mint.h"

static struct jwks	set;
static struct mint_key	k1, k2;
static char		err[JWKS_ERR_MAX];

static void
setup(void)
{
	jwks_init(&set);
	mint_key_load(&k1, 0, "key-1");
	mint_key_load(&k2, 1, "key-2");
}

static void
teardown(void)
{
	jwks_clear(&set);
	mint_key_free(&k1);
	mint_key_free(&k2);
}

TestSuite(jwks, .init = setup, .fini = teardown);

static int
add(json_t *doc)
{
	int	n;

	n = jwks_add(&set, doc, err, sizeof(err));
	json_decref(doc);
	return (n);
}

Test(jwks, loads_rsa_keys)
{
	const struct jwks_key	*k;

	cr_assert_eq(add(mint_jwks((struct mint_key[]){ k1, k2 }, 2)), 2,
	    "%s", err);
	cr_assert_eq(set.nkeys, 2);
	k = jwks_find(&set, "key-2", NULL);
	cr_assert_not_null(k);
	cr_assert_eq(k->bits, 2048);
	cr_assert_eq(EVP_PKEY_eq(k->pkey, k2.pkey), 1, "same public key");
	cr_assert_null(jwks_find(&set, "key-3", NULL));
	cr_assert_not_null(jwks_find(&set, "nope", "key-1"), "x5t fallback");
}

/* Entra's v1 and v2 sets share keys: the union holds each once. */
Test(jwks, union_of_two_sets)
{
	cr_assert_eq(add(mint_jwks(&k1, 1)), 1);
	cr_assert_eq(add(mint_jwks((struct mint_key[]){ k1, k2 }, 2)), 1);
	cr_assert_eq(set.nkeys, 2);
}

Test(jwks, same_kid_other_key_is_an_error)
{
	json_t	*doc;

	cr_assert_eq(add(mint_jwks(&k1, 1)), 1);
	strcpy(k2.kid, "key-1");
	doc = mint_jwks(&k2, 1);
	cr_assert_eq(add(doc), -1);
	cr_assert(strstr(err, "key-1") != NULL);
}

/* Keys that cannot verify RS256 are skipped, not fatal. */
Test(jwks, skips_unusable_keys)
{
	json_t	*doc, *keys, *k;

	doc = mint_jwks((struct mint_key[]){ k1, k1, k1, k1, k1, k1, k1 }, 7);
	keys = json_object_get(doc, "keys");
	json_object_set_new(json_array_get(keys, 0), "kty", json_string("EC"));
	json_object_set_new(json_array_get(keys, 1), "use", json_string("enc"));
	json_object_set_new(json_array_get(keys, 2), "alg",
	    json_string("RS512"));
	json_object_del(json_array_get(keys, 3), "kid");
	json_object_set_new(json_array_get(keys, 4), "e", json_string("AAE"));
	json_object_set_new(json_array_get(keys, 5), "n", json_string("AQAB"));
	k = json_array_get(keys, 6);
	json_object_set_new(k, "kid", json_string("good"));
	cr_assert_eq(add(doc), 1, "%s", err);
	cr_assert_eq(set.skipped, 6);
	cr_assert_not_null(jwks_find(&set, "good", NULL));
}

/* A 1024-bit key is too weak: skipped. */
Test(jwks, rejects_small_modulus)
{
	struct mint_key	small;

	mint_key(&small, "small", 1024);
	cr_assert_eq(add(mint_jwks(&small, 1)), 0);
	cr_assert_eq(set.skipped, 1);
	mint_key_free(&small);
}

Test(jwks, rejects_bad_documents)
{
	cr_assert_eq(jwks_add_text(&set, "[]", 2, err, sizeof(err)), -1);
	cr_assert_eq(jwks_add_text(&set, "{\"keys\":{}}", 11, err,
	    sizeof(err)), -1);
	cr_assert_eq(jwks_add_text(&set, "{\"keys\":[1]}", 12, err,
	    sizeof(err)), -1);
	cr_assert_eq(jwks_add_text(&set, "{\"keys\":", 8, err, sizeof(err)),
	    -1);
	cr_assert_eq(jwks_add_text(&set, "{}", JWKS_DOC_MAX + 1, err,
	    sizeof(err)), -1, "size cap");
}

Test(jwks, caps_the_number_of_keys)
{
	json_t	*doc, *keys;
	char	 kid[16];
	int	 i;

	doc = json_pack("{s:[]}", "keys");
	keys = json_object_get(doc, "keys");
	for (i = 0; i <= JWKS_KEYS_MAX; i++) {
		snprintf(kid, sizeof(kid), "k%d", i);
		strcpy(k1.kid, kid);
		json_array_append_new(keys, mint_jwk(&k1));
	}
	cr_assert_eq(add(doc), -1);
	cr_assert(strstr(err, "more than") != NULL);
}

/* --- keyfetch_metadata: what the OpenID metadata may declare --- */

#define TENANT	MINT_TENANT
#define CLIENT	MINT_API

static struct authcfg	cfg;
static const char	*issuer_env;

static const char *
cfg_env(const char *name)
{
	static char	doc[1024];

	if (strcmp(name, "AUTH_SETTINGS_JSON") == 0) {
		snprintf(doc, sizeof(doc), "{\"platform\":{\"enabled\":true},"
		    "\"globalValidation\":{\"requireAuthentication\":true,"
		    "\"unauthenticatedClientAction\":\"Return401\"},"
		    "\"identityProviders\":{\"azureActiveDirectory\":{"
		    "\"registration\":{\"clientId\":\"" CLIENT "\","
		    "\"openIdIssuer\":\"%s\"}}}}", issuer_env);
		return (doc);
	}
	return (NULL);
}

static int
meta(const char *issuer_cfg, int v, const char *doc)
{
	char	iss[AUTHCFG_URL_MAX], uri[AUTHCFG_URL_MAX];
	char	e[KEYFETCH_ERR_MAX];
	int	ret;

	issuer_env = issuer_cfg;
	cr_assert_eq(authcfg_load(&cfg, cfg_env, e, sizeof(e)), 0, "%s", e);
	ret = keyfetch_metadata(&cfg, v, "https://x/meta", doc, strlen(doc),
	    iss, uri, err, sizeof(err));
	authcfg_free(&cfg);
	return (ret);
}

Test(jwks, metadata_ok)
{
	cr_assert_eq(meta(MINT_ISS_V2, 1, "{\"issuer\":\"" MINT_ISS_V2 "\","
	    "\"jwks_uri\":\"https://login.microsoftonline.com/" TENANT
	    "/discovery/v2.0/keys\"}"), 0, "%s", err);
	cr_assert_eq(meta(MINT_ISS_V2, 0, "{\"issuer\":\"" MINT_ISS_V1 "\","
	    "\"jwks_uri\":\"https://login.microsoftonline.com/" TENANT
	    "/discovery/keys\"}"), 0, "%s", err);
	cr_assert_eq(meta(MINT_ISS_V1, 0, "{\"issuer\":\"" MINT_ISS_V1 "\","
	    "\"jwks_uri\":\"https://login.microsoftonline.com/" TENANT
	    "/discovery/keys\"}"), 0, "%s", err);
}

/* The v2 metadata must declare the issuer openIdIssuer implies. */
Test(jwks, metadata_issuer_mismatch)
{
	cr_assert_eq(meta(MINT_ISS_V2, 1, "{\"issuer\":\"https://login."
	    "microsoftonline.com/" MINT_OTHER_TID "/v2.0\",\"jwks_uri\":"
	    "\"https://k\"}"), KEYFETCH_MISMATCH);
	cr_assert(strstr(err, "not tenant") != NULL, "%s", err);
	cr_assert_eq(meta(MINT_ISS_V2, 1, "{\"issuer\":\"https://other.example/"
	    TENANT "/v2.0\",\"jwks_uri\":\"https://k\"}"), KEYFETCH_MISMATCH);
	cr_assert(strstr(err, "openIdIssuer") != NULL, "%s", err);
	cr_assert_eq(meta(MINT_ISS_V1, 0, "{\"issuer\":\"https://sts.windows."
	    "net/" TENANT "\",\"jwks_uri\":\"https://k\"}"), KEYFETCH_MISMATCH);
}

Test(jwks, metadata_shape)
{
	cr_assert_eq(meta(MINT_ISS_V2, 1, "[]"), KEYFETCH_FAILED);
	cr_assert_eq(meta(MINT_ISS_V2, 1, "{\"issuer\":\"" MINT_ISS_V2 "\"}"),
	    KEYFETCH_FAILED);
	cr_assert_eq(meta(MINT_ISS_V2, 1, "{\"issuer\":\"" MINT_ISS_V2 "\","
	    "\"jwks_uri\":\"http://login.microsoftonline.com/keys\"}"),
	    KEYFETCH_FAILED, "plain http only for a local stand-in");
	cr_assert_eq(meta(MINT_ISS_V2, 1, "{\"issuer\":\"" MINT_ISS_V2 "\","
	    "\"jwks_uri\":\"file:///etc/passwd\"}"), KEYFETCH_FAILED);
}
