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
 * Token verification, in the order that keeps attacker-controlled bytes
 * away from anything that trusts them:
 *
 *  1. compact JWS: exactly three segments (five is a JWE: refused);
 *  2. the header, decoded by us: alg must be RS256 (never none, never an
 *     HMAC: libjwt 1.10 accepts HS256 "signed" with the public key), no
 *     crit; jku, x5u, jwk and x5c are ignored, the key comes only from
 *     the configured tenant's key set, by kid (x5t for v1 tokens);
 *  3. RSA PKCS#1 v1.5 SHA-256 signature over "header.payload" with the
 *     cached EVP_PKEY;
 *  4. only then the claims: iss, tid, aud, exp, nbf (300 s skew);
 *  5. the principal handlers see: client id (azp for v2, appid for v1),
 *     oid, tid, roles, scp.
 */

#include <sys/types.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "b64url.h"
#include "jwt.h"

static EVP_MD	*jwt_sha256;

static json_t		*jwt_json(const char *, size_t, size_t);
static enum jwt_error	 jwt_header(const char *, size_t,
			    const struct jwks *, const struct jwks_key **);
static enum jwt_error	 jwt_signature(const struct jwks_key *,
			    const char *, size_t, const char *, size_t);
static enum jwt_error	 jwt_claims(const struct jwt_input *, json_t *);
static enum jwt_error	 jwt_principal(json_t *, struct principal *);
static int		 jwt_copy(const json_t *, const char *, char *,
			    size_t);
static int		 jwt_time(const json_t *, const char *, double *);
static int		 jwt_exact(const struct authcfg_list *, const char *);
static int		 jwt_groups_match(const struct principal *,
			    const struct authcfg_list *);

static const char *jwt_errors[] = {
	[JWT_OK] = "ok",
	[JWT_MALFORMED] = "malformed token",
	[JWT_ENCRYPTED] = "encrypted tokens (JWE) are not accepted",
	[JWT_TOO_LONG] = "token too long",
	[JWT_ALG] = "alg must be RS256",
	[JWT_CRIT] = "crit header not supported",
	[JWT_NO_KID] = "no kid in the header",
	[JWT_NO_KEYS] = "no signing keys loaded",
	[JWT_UNKNOWN_KEY] = "unknown signing key",
	[JWT_SIGNATURE] = "bad signature",
	[JWT_CLAIMS] = "malformed claims",
	[JWT_ISSUER] = "wrong issuer",
	[JWT_TENANT] = "wrong tenant",
	[JWT_AUDIENCE] = "wrong audience",
	[JWT_NO_EXP] = "no exp claim",
	[JWT_EXPIRED] = "expired",
	[JWT_NOT_YET_VALID] = "not yet valid (nbf)",
};

static const char *jwt_denials[] = {
	[JWT_ALLOWED] = "allowed",
	[JWT_DENY_TENANT] = "tenant not allowed",
	[JWT_DENY_NO_OID] = "caller has no service principal (oid)",
	[JWT_DENY_APPLICATION] = "client not in allowedApplications",
	[JWT_DENY_PRINCIPAL] = "caller not in allowedPrincipals",
	[JWT_DENY_CLIENT_APP] = "client not in allowedClientApplications",
	[JWT_DENY_GROUP] = "caller not in allowedGroups",
};

/*
 * Fetch SHA-256 once. Called in the parent before the workers fork, so
 * OpenSSL loads its providers and configuration where files may still
 * be opened (the workers are sandboxed).
 */
int
jwt_init(void)
{
	if (jwt_sha256 == NULL &&
	    (jwt_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL)
		return (-1);
	return (0);
}

/*
 * Verify a compact JWS. On JWT_OK *out holds a new principal (one
 * reference, owned by the caller) carrying the validated claims.
 */
enum jwt_error
jwt_verify(const struct jwt_input *in, const char *tok, size_t len,
    struct principal **out)
{
	const struct jwks_key	*key;
	const char		*dot1, *dot2, *p;
	json_t			*claims;
	struct principal	*pr;
	enum jwt_error		 err;
	int			 dots;

	*out = NULL;
	claims = NULL;
	pr = NULL;

	if (len > JWT_TOKEN_MAX)
		return (JWT_TOO_LONG);

	dots = 0;
	dot1 = dot2 = NULL;
	for (p = tok; p < tok + len; p++) {
		if (*p != '.')
			continue;
		if (dots == 0)
			dot1 = p;
		else if (dots == 1)
			dot2 = p;
		dots++;
	}
	if (dots == 4)
		return (JWT_ENCRYPTED);
	if (dots != 2 || dot1 == tok || dot2 == dot1 + 1)
		return (JWT_MALFORMED);

	if ((err = jwt_header(tok, (size_t)(dot1 - tok), in->keys,
	    &key)) != JWT_OK)
		return (err);

	if ((err = jwt_signature(key, tok, (size_t)(dot2 - tok), dot2 + 1,
	    len - (size_t)(dot2 + 1 - tok))) != JWT_OK)
		return (err);

	/* Signed by the tenant: from here on the claims can be read. */
	claims = jwt_json(dot1 + 1, (size_t)(dot2 - dot1 - 1),
	    JWT_PAYLOAD_MAX);
	if (claims == NULL)
		return (JWT_CLAIMS);

	if ((err = jwt_claims(in, claims)) != JWT_OK)
		goto out;

	pr = principal_new();
	if ((err = jwt_principal(claims, pr)) != JWT_OK)
		goto out;

	pr->claims = claims;
	claims = NULL;
	*out = pr;
	pr = NULL;

out:
	if (claims != NULL)
		json_decref(claims);
	principal_release(pr);

	return (err);
}

const char *
jwt_error_text(enum jwt_error err)
{
	if ((size_t)err >= sizeof(jwt_errors) / sizeof(jwt_errors[0]))
		return ("invalid token");
	return (jwt_errors[err]);
}

/*
 * EasyAuth's checks after authentication, each a 403 when it fails and
 * vacuous when its list is not configured: allowed tenants, service
 * principal required, allowedApplications, allowedPrincipals (oid in
 * identities OR a group in groups), jwtClaimChecks.
 */
enum jwt_deny
jwt_authorize(const struct authcfg *cfg, const struct principal *p)
{
	if (cfg->tenants.n > 0 && !authcfg_list_has(&cfg->tenants, p->tid))
		return (JWT_DENY_TENANT);

	if (cfg->require_sp && p->oid[0] == '\0')
		return (JWT_DENY_NO_OID);

	if (cfg->applications.n > 0 &&
	    !authcfg_list_has(&cfg->applications, p->client_id))
		return (JWT_DENY_APPLICATION);

	if ((cfg->identities.n > 0 || cfg->groups.n > 0) &&
	    !(p->oid[0] != '\0' &&
	    authcfg_list_has(&cfg->identities, p->oid)) &&
	    !jwt_groups_match(p, &cfg->groups))
		return (JWT_DENY_PRINCIPAL);

	if (cfg->client_apps.n > 0 &&
	    !authcfg_list_has(&cfg->client_apps, p->client_id))
		return (JWT_DENY_CLIENT_APP);

	if (cfg->claim_groups.n > 0 && !jwt_groups_match(p, &cfg->claim_groups))
		return (JWT_DENY_GROUP);

	return (JWT_ALLOWED);
}

const char *
jwt_deny_text(enum jwt_deny d)
{
	if ((size_t)d >= sizeof(jwt_denials) / sizeof(jwt_denials[0]))
		return ("forbidden");
	return (jwt_denials[d]);
}

/* A base64url segment holding a JSON object, at most max bytes decoded. */
static json_t *
jwt_json(const char *seg, size_t len, size_t max)
{
	u_int8_t	*buf;
	size_t		 blen;
	json_t		*o;

	if (len == 0 || B64URL_DECODED_MAX(len) > max + 2)
		return (NULL);
	if ((buf = malloc(max)) == NULL)
		return (NULL);

	o = NULL;
	if (b64url_decode(seg, len, buf, max, &blen) == 0)
		o = json_loadb((const char *)buf, blen, JSON_REJECT_DUPLICATES,
		    NULL);
	free(buf);

	if (o != NULL && !json_is_object(o)) {
		json_decref(o);
		o = NULL;
	}

	return (o);
}

static enum jwt_error
jwt_header(const char *seg, size_t len, const struct jwks *keys,
    const struct jwks_key **key)
{
	json_t		*hdr;
	const json_t	*v;
	const char	*kid, *x5t;
	enum jwt_error	 err;

	*key = NULL;
	if ((hdr = jwt_json(seg, len, JWT_HEADER_MAX)) == NULL)
		return (JWT_MALFORMED);

	v = json_object_get(hdr, "alg");
	if (!json_is_string(v) || strcmp(json_string_value(v), "RS256") != 0) {
		err = JWT_ALG;
		goto out;
	}

	/* RFC 7515 section 4.1.11: unknown critical extensions: reject. */
	if (json_object_get(hdr, "crit") != NULL) {
		err = JWT_CRIT;
		goto out;
	}

	kid = x5t = NULL;
	if ((v = json_object_get(hdr, "kid")) != NULL) {
		if (!json_is_string(v) ||
		    json_string_length(v) >= JWKS_KID_MAX) {
			err = JWT_MALFORMED;
			goto out;
		}
		kid = json_string_value(v);
	}
	if ((v = json_object_get(hdr, "x5t")) != NULL) {
		if (!json_is_string(v) ||
		    json_string_length(v) >= JWKS_KID_MAX) {
			err = JWT_MALFORMED;
			goto out;
		}
		x5t = json_string_value(v);
	}
	if (kid == NULL && x5t == NULL) {
		err = JWT_NO_KID;
		goto out;
	}

	if (keys == NULL || keys->nkeys == 0) {
		err = JWT_NO_KEYS;
		goto out;
	}

	if ((*key = jwks_find(keys, kid, x5t)) == NULL) {
		err = JWT_UNKNOWN_KEY;
		goto out;
	}

	err = JWT_OK;

out:
	json_decref(hdr);
	return (err);
}

static enum jwt_error
jwt_signature(const struct jwks_key *key, const char *signed_part,
    size_t slen, const char *sig64, size_t sig64len)
{
	EVP_MD_CTX	*md;
	u_int8_t	 sig[JWT_SIG_MAX];
	size_t		 siglen;
	int		 ok;

	if (sig64len == 0 || B64URL_DECODED_MAX(sig64len) > sizeof(sig) + 2 ||
	    b64url_decode(sig64, sig64len, sig, sizeof(sig), &siglen) == -1)
		return (JWT_SIGNATURE);

	/* RFC 8017 section 8.2.2: the signature is exactly k bytes. */
	if (siglen != (size_t)EVP_PKEY_get_size(key->pkey))
		return (JWT_SIGNATURE);

	if (jwt_sha256 == NULL && jwt_init() == -1)
		return (JWT_SIGNATURE);

	if ((md = EVP_MD_CTX_new()) == NULL)
		return (JWT_SIGNATURE);

	ok = EVP_DigestVerifyInit(md, NULL, jwt_sha256, NULL, key->pkey) == 1 &&
	    EVP_DigestVerify(md, sig, siglen, (const u_int8_t *)signed_part,
	    slen) == 1;
	EVP_MD_CTX_free(md);
	/* With the header and payload, the signature is the token. */
	explicit_bzero(sig, sizeof(sig));

	return (ok ? JWT_OK : JWT_SIGNATURE);
}

static enum jwt_error
jwt_claims(const struct jwt_input *in, json_t *c)
{
	const json_t	*v, *a;
	const char	*iss;
	double		 exp, nbf, now;
	size_t		 i;
	int		 j, found;

	if ((iss = json_string_value(json_object_get(c, "iss"))) == NULL)
		return (JWT_ISSUER);
	found = 0;
	for (j = 0; j < 2; j++) {
		if (in->issuers[j] != NULL && in->issuers[j][0] != '\0' &&
		    strcmp(iss, in->issuers[j]) == 0)
			found = 1;
	}
	if (!found)
		return (JWT_ISSUER);

	if ((v = json_object_get(c, "tid")) != NULL &&
	    (!json_is_string(v) ||
	    strcasecmp(json_string_value(v), in->cfg->tenant) != 0))
		return (JWT_TENANT);

	v = json_object_get(c, "aud");
	found = 0;
	if (json_is_string(v)) {
		found = jwt_exact(&in->cfg->audiences, json_string_value(v));
	} else if (json_is_array(v) && json_array_size(v) <= JWT_AUD_MAX) {
		json_array_foreach(v, i, a) {
			if (!json_is_string(a))
				return (JWT_CLAIMS);
			if (jwt_exact(&in->cfg->audiences,
			    json_string_value(a)))
				found = 1;
		}
	}
	if (!found)
		return (JWT_AUDIENCE);

	now = (double)in->now;
	switch (jwt_time(c, "exp", &exp)) {
	case 0:
		return (JWT_NO_EXP);
	case -1:
		return (JWT_CLAIMS);
	}
	if (now > exp + (double)in->cfg->skew)
		return (JWT_EXPIRED);

	switch (jwt_time(c, "nbf", &nbf)) {
	case -1:
		return (JWT_CLAIMS);
	case 1:
		if (now + (double)in->cfg->skew < nbf)
			return (JWT_NOT_YET_VALID);
		break;
	}

	return (JWT_OK);
}

static enum jwt_error
jwt_principal(json_t *c, struct principal *p)
{
	const json_t	*roles, *v;
	const char	*ver, *first, *second, *idtyp;
	size_t		 i;
	double		 exp;

	ver = json_string_value(json_object_get(c, "ver"));
	(void)snprintf(p->ver, sizeof(p->ver), "%s", ver != NULL &&
	    strlen(ver) < sizeof(p->ver) ? ver : "");

	/* v2 names the client azp, v1 appid; fall back to the other. */
	if (ver != NULL && strcmp(ver, "2.0") == 0) {
		first = "azp";
		second = "appid";
	} else {
		first = "appid";
		second = "azp";
	}
	if (jwt_copy(c, first, p->client_id, sizeof(p->client_id)) == -1 ||
	    (p->client_id[0] == '\0' && jwt_copy(c, second, p->client_id,
	    sizeof(p->client_id)) == -1))
		return (JWT_CLAIMS);

	if (jwt_copy(c, "oid", p->oid, sizeof(p->oid)) == -1 ||
	    jwt_copy(c, "tid", p->tid, sizeof(p->tid)) == -1 ||
	    jwt_copy(c, "sub", p->sub, sizeof(p->sub)) == -1 ||
	    jwt_copy(c, "scp", p->scp, sizeof(p->scp)) == -1)
		return (JWT_CLAIMS);

	/* Agent identities may carry scp "" or "/": no delegated scope. */
	if (strcmp(p->scp, "/") == 0)
		p->scp[0] = '\0';

	idtyp = json_string_value(json_object_get(c, "idtyp"));
	p->app_only = (idtyp != NULL && strcmp(idtyp, "app") == 0) ||
	    p->scp[0] == '\0';

	/*
	 * Roles beyond PRINCIPAL_ROLES_MAX, or longer than any role we
	 * could require, are left out: roles only ever grant, so leaving
	 * one out can only refuse, never admit.
	 */
	roles = json_object_get(c, "roles");
	if (json_is_string(roles)) {
		if (json_string_length(roles) < PRINCIPAL_ROLE_MAX)
			(void)snprintf(p->roles[p->nroles++],
			    PRINCIPAL_ROLE_MAX, "%s",
			    json_string_value(roles));
	} else if (json_is_array(roles)) {
		json_array_foreach(roles, i, v) {
			if (!json_is_string(v))
				return (JWT_CLAIMS);
			if (p->nroles == PRINCIPAL_ROLES_MAX ||
			    json_string_length(v) >= PRINCIPAL_ROLE_MAX)
				continue;
			(void)snprintf(p->roles[p->nroles++],
			    PRINCIPAL_ROLE_MAX, "%s", json_string_value(v));
		}
	} else if (roles != NULL) {
		return (JWT_CLAIMS);
	}

	if (jwt_time(c, "exp", &exp) != 1)
		return (JWT_NO_EXP);
	p->exp = exp > (double)0x7fffffff ? (time_t)0x7fffffff : (time_t)exp;

	return (JWT_OK);
}

/* A string claim into buf; absent -> "", wrong type or too long -> -1. */
static int
jwt_copy(const json_t *c, const char *name, char *buf, size_t len)
{
	const json_t	*v;

	buf[0] = '\0';
	if ((v = json_object_get(c, name)) == NULL)
		return (0);
	if (!json_is_string(v) || json_string_length(v) >= len ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return (-1);
	memcpy(buf, json_string_value(v), json_string_length(v) + 1);
	return (0);
}

/* A NumericDate: 1 and *t when present, 0 absent, -1 not a number. */
static int
jwt_time(const json_t *c, const char *name, double *t)
{
	const json_t	*v;

	if ((v = json_object_get(c, name)) == NULL)
		return (0);
	if (!json_is_number(v))
		return (-1);
	*t = json_number_value(v);
	if (!isfinite(*t) || *t < 0 || *t > 1e11)
		return (-1);
	return (1);
}

/* aud is compared exactly: no case folding, no trailing-slash games. */
static int
jwt_exact(const struct authcfg_list *list, const char *s)
{
	int	i;

	for (i = 0; i < list->n; i++) {
		if (strcmp(list->v[i], s) == 0)
			return (1);
	}
	return (0);
}

static int
jwt_groups_match(const struct principal *p, const struct authcfg_list *list)
{
	const json_t	*groups, *g;
	size_t		 i;

	if (list->n == 0 || p->claims == NULL)
		return (0);

	groups = json_object_get(p->claims, "groups");
	if (!json_is_array(groups))
		return (0);

	json_array_foreach(groups, i, g) {
		if (json_is_string(g) &&
		    authcfg_list_has(list, json_string_value(g)))
			return (1);
	}

	return (0);
}
