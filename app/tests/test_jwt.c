/*
 * jwt.c: every row of the EasyAuth outcome table that is decided by the
 * token itself (../shared/notes/easyauth-and-entra.md section 4, steps 3
 * to 5), with tokens minted here and keys generated for this run.
 */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "authcfg.h"
#include "b64url.h"
#include "jwks.h"
#include "jwt.h"
#include "mint.h"

#define DOC	MINT_DOC

static struct authcfg	cfg;
static struct jwks	keys;
static struct mint_key	k1, k2, evil;
static struct jwt_input	in;
static char		doc[4096];
static const char	*env_extra_name, *env_extra_value;

static const char *
env(const char *name)
{
	if (strcmp(name, "AUTH_SETTINGS_JSON") == 0)
		return (doc);
	if (env_extra_name != NULL && strcmp(name, env_extra_name) == 0)
		return (env_extra_value);
	return (NULL);
}

/* (Re)load the configuration with extra members in "validation". */
static void
configure(const char *validation_extra)
{
	char	err[AUTHCFG_ERR_MAX];

	authcfg_free(&cfg);
	snprintf(doc, sizeof(doc), DOC, validation_extra);
	cr_assert_eq(authcfg_load(&cfg, env, err, sizeof(err)), 0, "%s", err);
	in.cfg = &cfg;
}

static void
setup(void)
{
	json_t	*set;
	char	 err[JWKS_ERR_MAX];

	mint_key_load(&k1, 0, "key-1");
	mint_key_load(&k2, 1, "key-2");
	mint_key_load(&evil, 2, "key-x");

	jwks_init(&keys);
	set = mint_jwks((struct mint_key[]){ k1, k2 }, 2);
	cr_assert_eq(jwks_add(&keys, set, err, sizeof(err)), 2, "%s", err);
	json_decref(set);

	memset(&in, 0, sizeof(in));
	configure("");
	in.keys = &keys;
	in.issuers[0] = MINT_ISS_V1;
	in.issuers[1] = MINT_ISS_V2;
	in.now = time(NULL);
}

static void
teardown(void)
{
	jwks_clear(&keys);
	authcfg_free(&cfg);
	mint_key_free(&k1);
	mint_key_free(&k2);
	mint_key_free(&evil);
}

TestSuite(jwt, .init = setup, .fini = teardown);

static enum jwt_error
verify(const char *tok, struct principal **out)
{
	struct principal	*p;
	enum jwt_error		 e;

	e = jwt_verify(&in, tok, strlen(tok), &p);
	if (out != NULL)
		*out = p;
	else
		principal_release(p);
	if (e != JWT_OK)
		cr_assert_null(p, "no principal on failure");
	return (e);
}

static void
expect(const char *tok, enum jwt_error want)
{
	enum jwt_error	got;

	got = verify(tok, NULL);
	cr_assert_eq(got, want, "want '%s', got '%s'", jwt_error_text(want),
	    jwt_error_text(got));
}

/* A v2 token of key-1 with the claims in over changed: want. */
static void
expect_v2(const char *over, enum jwt_error want)
{
	char	*t;

	t = mint_v2(&k1, 3600, over);
	expect(t, want);
	free(t);
}

/* Outcome table: v2 app-only token, aud = client id GUID -> accepted. */
Test(jwt, v2_token_with_guid_audience)
{
	struct principal	*p;
	char			*t;

	t = mint_v2(&k1, 3600, NULL);
	cr_assert_eq(verify(t, &p), JWT_OK);
	cr_assert_str_eq(p->client_id, MINT_AGENT, "v2 client id is azp");
	cr_assert_str_eq(p->oid, MINT_AGENT_OID);
	cr_assert_str_eq(p->tid, MINT_TENANT);
	cr_assert_str_eq(p->ver, "2.0");
	cr_assert(p->app_only);
	cr_assert_eq(p->nroles, 1);
	cr_assert(principal_has_role(p, "MCP.Access"));
	cr_assert_not_null(p->claims);
	principal_release(p);
	free(t);
}

/* v2 token carrying the identifier URI audience: also accepted. */
Test(jwt, v2_token_with_uri_audience)
{
	expect_v2("{\"aud\":\"api://" MINT_API "\"}", JWT_OK);
}

/* v1 token: sts issuer, aud api://..., appid, kid and x5t. */
Test(jwt, v1_token_with_uri_audience)
{
	struct principal	*p;
	char			*t;

	t = mint_v1(&k2, 3600, NULL);
	cr_assert_eq(verify(t, &p), JWT_OK);
	cr_assert_str_eq(p->client_id, MINT_AGENT, "v1 client id is appid");
	cr_assert_str_eq(p->ver, "1.0");
	principal_release(p);
	free(t);
}

/* v1 with the client id GUID as aud (the use_guid optional claim). */
Test(jwt, v1_token_with_guid_audience)
{
	char	*t;

	t = mint_v1(&k2, 3600, "{\"aud\":\"" MINT_API "\"}");
	expect(t, JWT_OK);
	free(t);
}

/* aud as an array: accepted when any element is allowed. */
Test(jwt, audience_array)
{
	expect_v2("{\"aud\":[\"https://management.azure.com\","
	    "\"" MINT_API "\"]}", JWT_OK);
	expect_v2("{\"aud\":[\"https://management.azure.com\","
	    "\"https://graph.microsoft.com\"]}", JWT_AUDIENCE);
	expect_v2("{\"aud\":[1]}", JWT_CLAIMS);
}

/* Guide B5 / MCP rule 29: a token for another resource -> 401. */
Test(jwt, wrong_audience)
{
	const char	*bad[] = {
		"{\"aud\":\"https://management.azure.com\"}",
		"{\"aud\":\"api://" MINT_API "/\"}",	/* slash variant */
		"{\"aud\":\"API://" MINT_API "\"}",	/* exact compare */
		"{\"aud\":\"\"}",
		"{\"aud\":null}",
	};
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_v2(bad[i], JWT_AUDIENCE);
}

/* A v1 token when only the v1 form (sts) is in allowedAudiences. */
Test(jwt, audience_client_id_always_allowed)
{
	char	*t;

	configure("");
	cr_assert(authcfg_list_has(&cfg.audiences, MINT_API));
	t = mint_v1(&k1, 3600, "{\"aud\":\"" MINT_API "\"}");
	expect(t, JWT_OK);
	free(t);
}

Test(jwt, wrong_issuer)
{
	const char	*bad[] = {
		"{\"iss\":\"https://login.microsoftonline.com/" MINT_OTHER_TID
		    "/v2.0\"}",
		"{\"iss\":\"" MINT_ISS_V2 "/\"}",
		"{\"iss\":\"https://sts.windows.net/" MINT_TENANT "\"}",
		"{\"iss\":\"https://evil.example/" MINT_TENANT "/v2.0\"}",
		"{\"iss\":null}",
		"{\"iss\":42}",
	};
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_v2(bad[i], JWT_ISSUER);
}

/* tid, when present, must be the configured tenant. */
Test(jwt, wrong_tenant)
{
	expect_v2("{\"tid\":\"" MINT_OTHER_TID "\"}", JWT_TENANT);
	expect_v2("{\"tid\":null}", JWT_OK);
}

/* exp: required; rejected beyond the 300 s skew, accepted within. */
Test(jwt, expiry_and_skew)
{
	char	*t;

	t = mint_v2(&k1, -(AUTHCFG_SKEW + 5), NULL);
	expect(t, JWT_EXPIRED);
	free(t);
	t = mint_v2(&k1, -(AUTHCFG_SKEW - 5), NULL);
	expect(t, JWT_OK);
	free(t);
	expect_v2("{\"exp\":null}", JWT_NO_EXP);
	expect_v2("{\"exp\":\"9999999999\"}", JWT_CLAIMS);
}

/* nbf in the future beyond the skew -> 401; within the skew -> ok. */
Test(jwt, not_before)
{
	char	over[64];

	snprintf(over, sizeof(over), "{\"nbf\":%ld}",
	    (long)in.now + AUTHCFG_SKEW + 5);
	expect_v2(over, JWT_NOT_YET_VALID);
	snprintf(over, sizeof(over), "{\"nbf\":%ld}",
	    (long)in.now + AUTHCFG_SKEW - 5);
	expect_v2(over, JWT_OK);
}

/* Guide B4: a fake token -> 401, whatever it looks like. */
Test(jwt, garbage)
{
	expect("not a token", JWT_MALFORMED);
	expect("", JWT_MALFORMED);
	expect("a.b", JWT_MALFORMED);
	expect("..", JWT_MALFORMED);
	expect("a.b.c.d", JWT_MALFORMED);
	expect("eyJ.eyJ.sig", JWT_MALFORMED);
	expect("a.b.c.d.e", JWT_ENCRYPTED);
}

Test(jwt, header_not_json)
{
	char	*h, *t;

	h = mint_b64("{\"alg\":", 7);
	t = mint_join(h, "e30", "c2ln");
	expect(t, JWT_MALFORMED);
	free(h);
	free(t);
	h = mint_b64("[\"RS256\"]", 9);
	t = mint_join(h, "e30", "c2ln");
	expect(t, JWT_MALFORMED);
	free(h);
	free(t);
}

/* alg none: no signature at all. */
Test(jwt, alg_none)
{
	char	*h, *p, *t;
	const char *pl = "{\"aud\":\"" MINT_API "\",\"iss\":\"" MINT_ISS_V2
	    "\",\"exp\":9999999999}";

	h = mint_b64("{\"alg\":\"none\",\"kid\":\"key-1\"}", 28);
	p = mint_b64(pl, strlen(pl));
	t = mint_join(h, p, "");
	expect(t, JWT_ALG);
	free(t);
	free(h);
	h = mint_b64("{\"alg\":\"None\"}", 14);
	t = mint_join(h, p, "");
	expect(t, JWT_ALG);
	free(t);
	free(h);
	free(p);
}

/*
 * Algorithm confusion: HS256 with the RSA public key (PEM) as the HMAC
 * secret. libjwt 1.10 accepts this; we pin RS256 before anything else.
 */
Test(jwt, hs256_with_public_key_as_secret)
{
	char		*pem, *t;
	const char	*pl = "{\"aud\":\"" MINT_API "\",\"iss\":\"" MINT_ISS_V2
	    "\",\"exp\":9999999999,\"roles\":[\"MCP.Access\"]}";

	pem = mint_pem(&k1);
	t = mint_hs256(pem, strlen(pem),
	    "{\"alg\":\"HS256\",\"kid\":\"key-1\"}", pl);
	expect(t, JWT_ALG);
	free(t);
	free(pem);
}

Test(jwt, other_algorithms)
{
	const char	*hdrs[] = {
		"{\"alg\":\"RS512\",\"kid\":\"key-1\"}",
		"{\"alg\":\"PS256\",\"kid\":\"key-1\"}",
		"{\"alg\":\"rs256\",\"kid\":\"key-1\"}",
		"{\"alg\":\"ES256\",\"kid\":\"key-1\"}",
		"{\"kid\":\"key-1\"}",
		"{\"alg\":[\"RS256\"],\"kid\":\"key-1\"}",
	};
	size_t		 i;
	char		*t;

	for (i = 0; i < sizeof(hdrs) / sizeof(hdrs[0]); i++) {
		t = mint_sign(&k1, hdrs[i], "{\"exp\":9999999999}");
		expect(t, JWT_ALG);
		free(t);
	}
}

/* RFC 7515 4.1.11: a crit header we do not understand -> reject. */
Test(jwt, crit_header)
{
	char	*t;

	t = mint_sign(&k1, "{\"alg\":\"RS256\",\"kid\":\"key-1\","
	    "\"crit\":[\"exp\"],\"exp\":1}", "{\"exp\":9999999999}");
	expect(t, JWT_CRIT);
	free(t);
}

Test(jwt, no_kid)
{
	char	*t;

	t = mint_sign(&k1, "{\"alg\":\"RS256\"}", "{\"exp\":9999999999}");
	expect(t, JWT_NO_KID);
	free(t);
}

/* A v1 header with x5t only still finds its key (x5t fallback). */
Test(jwt, x5t_fallback)
{
	char	*t, pl[512];

	snprintf(pl, sizeof(pl), "{\"aud\":\"" MINT_API "\",\"iss\":\""
	    MINT_ISS_V1 "\",\"exp\":%ld,\"appid\":\"" MINT_AGENT "\","
	    "\"ver\":\"1.0\"}", (long)in.now + 600);
	t = mint_sign(&k2, "{\"alg\":\"RS256\",\"x5t\":\"key-2\"}", pl);
	expect(t, JWT_OK);
	free(t);
}

/* Unknown kid -> the gate refreshes the keys once, then 401. */
Test(jwt, unknown_kid)
{
	char	*t;

	t = mint_v2(&evil, 3600, NULL);
	expect(t, JWT_UNKNOWN_KEY);
	free(t);
}

/* No keys loaded at all -> the gate answers 503, not 401. */
Test(jwt, no_keys)
{
	struct jwks	empty;

	jwks_init(&empty);
	in.keys = &empty;
	expect_v2(NULL, JWT_NO_KEYS);
}

/*
 * jku, x5u and jwk are attacker-controlled key locations: ignored. A
 * token signed by the attacker's key embedded in its own header, under
 * a kid we know, fails on the signature; under its own kid it is unknown.
 */
Test(jwt, embedded_and_remote_keys_ignored)
{
	json_t	*jwk, *hdr;
	char	*h, *t, pl[256];

	snprintf(pl, sizeof(pl), "{\"aud\":\"" MINT_API "\",\"iss\":\""
	    MINT_ISS_V2 "\",\"exp\":%ld}", (long)in.now + 600);
	jwk = mint_jwk(&evil);
	hdr = json_pack("{s:s, s:s, s:O, s:s, s:s}", "alg", "RS256",
	    "kid", "key-1", "jwk", jwk, "jku", "https://evil.example/keys",
	    "x5u", "https://evil.example/cert");
	h = json_dumps(hdr, JSON_COMPACT);
	t = mint_sign(&evil, h, pl);
	expect(t, JWT_SIGNATURE);
	free(t);
	free(h);
	json_object_set_new(hdr, "kid", json_string("key-x"));
	h = json_dumps(hdr, JSON_COMPACT);
	t = mint_sign(&evil, h, pl);
	expect(t, JWT_UNKNOWN_KEY);
	free(t);
	free(h);
	json_decref(hdr);
	json_decref(jwk);
}

/* Signed by another key under a known kid -> bad signature. */
Test(jwt, bad_signature)
{
	char	*t, *a, *b, *dot, c;

	strcpy(evil.kid, "key-1");
	t = mint_v2(&evil, 3600, NULL);
	expect(t, JWT_SIGNATURE);
	free(t);

	/* One flipped bit in the signature. */
	t = mint_v2(&k1, 3600, NULL);
	c = t[strlen(t) - 5];
	t[strlen(t) - 5] = c == 'A' ? 'B' : 'A';
	expect(t, JWT_SIGNATURE);
	free(t);

	/* The payload of one token with the signature of another. */
	a = mint_v2(&k1, 3600, NULL);
	b = mint_v2(&k1, 3600, "{\"roles\":[\"MCP.Access\",\"MCP.Write\"]}");
	dot = strrchr(b, '.');
	*strrchr(a, '.') = '\0';
	t = mint_join(a, "", "");
	t[strlen(t) - 2] = '\0';
	free(a);
	a = malloc(strlen(t) + strlen(dot) + 1);
	strcpy(a, t);
	strcat(a, dot);
	expect(a, JWT_SIGNATURE);
	free(a);
	free(b);
	free(t);

	/* Truncated and empty signatures. */
	t = mint_v2(&k1, 3600, NULL);
	t[strlen(t) - 4] = '\0';
	expect(t, JWT_SIGNATURE);
	*(strrchr(t, '.') + 1) = '\0';
	expect(t, JWT_SIGNATURE);
	free(t);
}

/* A valid signature over a payload that is not a JSON object. */
Test(jwt, payload_not_an_object)
{
	char	*t;

	t = mint_sign(&k1, "{\"alg\":\"RS256\",\"kid\":\"key-1\"}", "[1,2]");
	expect(t, JWT_CLAIMS);
	free(t);
	t = mint_sign(&k1, "{\"alg\":\"RS256\",\"kid\":\"key-1\"}",
	    "{\"exp\":1,\"exp\":9999999999}");
	expect(t, JWT_CLAIMS);
	free(t);
}

Test(jwt, too_long)
{
	char	*t;

	t = malloc(JWT_TOKEN_MAX + 2);
	memset(t, 'a', JWT_TOKEN_MAX + 1);
	t[JWT_TOKEN_MAX + 1] = '\0';
	expect(t, JWT_TOO_LONG);
	free(t);
}

/* scp and idtyp decide app-only vs delegated. */
Test(jwt, delegated_and_app_only)
{
	struct principal	*p;
	char			*t;

	t = mint_v2(&k1, 3600, "{\"idtyp\":null,\"roles\":null,"
	    "\"scp\":\"user_impersonation\"}");
	cr_assert_eq(verify(t, &p), JWT_OK);
	cr_assert_not(p->app_only);
	cr_assert(principal_has_scope(p, "user_impersonation"));
	cr_assert_not(principal_has_scope(p, "user"));
	cr_assert_eq(p->nroles, 0);
	principal_release(p);
	free(t);

	/* Agent identity tokens may carry scp "/": still app-only. */
	t = mint_v2(&k1, 3600, "{\"idtyp\":null,\"scp\":\"/\"}");
	cr_assert_eq(verify(t, &p), JWT_OK);
	cr_assert(p->app_only);
	principal_release(p);
	free(t);
}

Test(jwt, client_id_fallback)
{
	struct principal	*p;
	char			*t;

	t = mint_v2(&k1, 3600, "{\"azp\":null,\"appid\":\"" MINT_NOROLE
	    "\"}");
	cr_assert_eq(verify(t, &p), JWT_OK);
	cr_assert_str_eq(p->client_id, MINT_NOROLE);
	principal_release(p);
	free(t);
}

Test(jwt, roles_shapes)
{
	struct principal	*p;
	char			*t;

	t = mint_v2(&k1, 3600, "{\"roles\":\"MCP.Access\"}");
	cr_assert_eq(verify(t, &p), JWT_OK);
	cr_assert(principal_has_role(p, "MCP.Access"));
	principal_release(p);
	free(t);
	expect_v2("{\"roles\":[1]}", JWT_CLAIMS);
	expect_v2("{\"oid\":7}", JWT_CLAIMS);
}

/* --- the built-in authorization policy (403s), step 4 and 5 --- */

static enum jwt_deny
decide(const char *over)
{
	struct principal	*p;
	enum jwt_deny		 d;
	char			*t;

	t = mint_v2(&k1, 3600, over);
	cr_assert_eq(verify(t, &p), JWT_OK);
	d = jwt_authorize(&cfg, p);
	principal_release(p);
	free(t);
	return (d);
}

Test(jwt, policy_vacuous_when_unset)
{
	cr_assert_eq(decide(NULL), JWT_ALLOWED);
	cr_assert_eq(decide("{\"oid\":null}"), JWT_ALLOWED);
}

Test(jwt, policy_allowed_applications)
{
	configure(",\"defaultAuthorizationPolicy\":{\"allowedApplications\":"
	    "[\"" MINT_AGENT "\"]}");
	cr_assert_eq(decide(NULL), JWT_ALLOWED);
	cr_assert_eq(decide("{\"azp\":\"" MINT_OUTSIDER "\"}"),
	    JWT_DENY_APPLICATION);
}

Test(jwt, policy_allowed_client_applications)
{
	configure(",\"jwtClaimChecks\":{\"allowedClientApplications\":"
	    "[\"" MINT_AGENT "\",\"" MINT_NOROLE "\"]}");
	cr_assert_eq(decide(NULL), JWT_ALLOWED);
	cr_assert_eq(decide("{\"azp\":\"" MINT_NOROLE "\"}"), JWT_ALLOWED);
	cr_assert_eq(decide("{\"azp\":\"" MINT_OUTSIDER "\"}"),
	    JWT_DENY_CLIENT_APP);
}

Test(jwt, policy_identities_imply_oid)
{
	configure(",\"defaultAuthorizationPolicy\":{\"allowedPrincipals\":"
	    "{\"identities\":[\"" MINT_AGENT_OID "\"]}}");
	cr_assert(cfg.require_sp);
	cr_assert_eq(decide(NULL), JWT_ALLOWED);
	cr_assert_eq(decide("{\"oid\":null}"), JWT_DENY_NO_OID);
	cr_assert_eq(decide("{\"oid\":\"a05b6c97-75ce-48ed-b842-"
	    "d45915ba9c6e\"}"), JWT_DENY_PRINCIPAL);
}

Test(jwt, policy_groups)
{
	configure(",\"defaultAuthorizationPolicy\":{\"allowedPrincipals\":"
	    "{\"groups\":[\"g-1\"]}},\"jwtClaimChecks\":{\"allowedGroups\":"
	    "[\"g-2\"]}");
	cr_assert_eq(decide("{\"groups\":[\"g-1\",\"g-2\"]}"), JWT_ALLOWED);
	cr_assert_eq(decide("{\"groups\":[\"g-2\"]}"), JWT_DENY_PRINCIPAL);
	cr_assert_eq(decide("{\"groups\":[\"g-1\"]}"), JWT_DENY_GROUP);
	cr_assert_eq(decide(NULL), JWT_DENY_PRINCIPAL);
}

Test(jwt, policy_allowed_tenants)
{
	env_extra_name = "WEBSITE_AUTH_AAD_ALLOWED_TENANTS";
	env_extra_value = MINT_OTHER_TID;
	configure("");
	cr_assert_eq(decide(NULL), JWT_DENY_TENANT);
	env_extra_value = MINT_OTHER_TID ", " MINT_TENANT;
	configure("");
	cr_assert_eq(decide(NULL), JWT_ALLOWED);
	env_extra_name = NULL;
}

Test(jwt, policy_require_service_principal)
{
	env_extra_name = "WEBSITE_AUTH_AAD_REQUIRE_CLIENT_SERVICE_PRINCIPAL";
	env_extra_value = "true";
	configure("");
	cr_assert_eq(decide(NULL), JWT_ALLOWED);
	cr_assert_eq(decide("{\"oid\":null}"), JWT_DENY_NO_OID);
	env_extra_name = NULL;
}

/*
 * /.auth/me's user_claims: one entry per scalar and per array element,
 * values as strings, .NET's claim type mapping (notes section 5).
 */
Test(jwt, user_claims_like_easyauth)
{
	struct principal	*p;
	json_t			*uc, *e;
	const char		*typ, *val;
	size_t			 i;
	int			 roles, oid, aud, exp;
	char			*t;

	t = mint_v1(&k1, 3600, "{\"roles\":[\"MCP.Access\",\"MCP.Write\"],"
	    "\"xms_act_fct\":[3,11],\"deep\":{\"a\":1},\"flag\":true}");
	cr_assert_eq(verify(t, &p), JWT_OK);
	uc = principal_user_claims(p);
	cr_assert_not_null(uc);
	roles = oid = aud = exp = 0;
	json_array_foreach(uc, i, e) {
		typ = json_string_value(json_object_get(e, "typ"));
		val = json_string_value(json_object_get(e, "val"));
		cr_assert_not_null(typ);
		cr_assert_not_null(val, "every value is a string (%s)", typ);
		if (strcmp(typ, PRINCIPAL_ROLE_TYP) == 0)
			roles++;
		if (strcmp(typ, "http://schemas.microsoft.com/identity/claims/"
		    "objectidentifier") == 0 && strcmp(val, MINT_AGENT_OID) == 0)
			oid++;
		if (strcmp(typ, "aud") == 0)
			aud++;
		if (strcmp(typ, "exp") == 0 && strlen(val) >= 10)
			exp++;
		if (strcmp(typ, "deep") == 0)
			cr_assert_str_eq(val, "{\"a\":1}");
		if (strcmp(typ, "flag") == 0)
			cr_assert_str_eq(val, "true");
		cr_assert_str_neq(typ, "roles", "roles use the long claim type");
		cr_assert_str_neq(typ, "oid");
	}
	cr_assert_eq(roles, 2, "one entry per role");
	cr_assert_eq(oid, 1);
	cr_assert_eq(aud, 1, "aud keeps its short name");
	cr_assert_eq(exp, 1, "numbers become strings");
	cr_assert_str_eq(principal_name(p), MINT_AGENT_OID,
	    "no name claim on an app token: user_id is the oid");
	json_decref(uc);
	principal_release(p);
	free(t);
}
