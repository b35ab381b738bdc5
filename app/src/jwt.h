/*
 * RS256 access token verification the way App Service Authentication
 * (EasyAuth v2) does it for Entra ID, and its built-in authorization
 * policy. Kore-free: every outcome is unit tested with tokens minted in
 * the test.
 */

#ifndef __H_JWT_H
#define __H_JWT_H

#include <stddef.h>
#include <time.h>

#include "authcfg.h"
#include "jwks.h"
#include "principal.h"

#define JWT_TOKEN_MAX		8192	/* bytes of the compact form */
#define JWT_HEADER_MAX		1024	/* decoded header bytes */
#define JWT_PAYLOAD_MAX		6144	/* decoded payload bytes */
#define JWT_SIG_MAX		(JWKS_RSA_BITS_MAX / 8)
#define JWT_AUD_MAX		16	/* entries of an aud array */

/* Authentication failures: 401 invalid_token (or 503 for NO_KEYS). */
enum jwt_error {
	JWT_OK = 0,
	JWT_MALFORMED,		/* not three base64url JSON segments */
	JWT_ENCRYPTED,		/* five segments: JWE */
	JWT_TOO_LONG,
	JWT_ALG,		/* alg is not RS256 */
	JWT_CRIT,		/* crit header: extensions we don't know */
	JWT_NO_KID,
	JWT_NO_KEYS,		/* no signing keys loaded at all */
	JWT_UNKNOWN_KEY,	/* kid not in the key set */
	JWT_SIGNATURE,
	JWT_CLAIMS,		/* payload or a claim of the wrong shape */
	JWT_ISSUER,
	JWT_TENANT,
	JWT_AUDIENCE,
	JWT_NO_EXP,
	JWT_EXPIRED,
	JWT_NOT_YET_VALID
};

/* Built-in authorization policy failures: 403. */
enum jwt_deny {
	JWT_ALLOWED = 0,
	JWT_DENY_TENANT,	/* WEBSITE_AUTH_AAD_ALLOWED_TENANTS */
	JWT_DENY_NO_OID,	/* ..._REQUIRE_CLIENT_SERVICE_PRINCIPAL */
	JWT_DENY_APPLICATION,	/* allowedApplications */
	JWT_DENY_PRINCIPAL,	/* allowedPrincipals */
	JWT_DENY_CLIENT_APP,	/* allowedClientApplications */
	JWT_DENY_GROUP		/* jwtClaimChecks.allowedGroups */
};

struct jwt_input {
	const struct authcfg	*cfg;
	const struct jwks	*keys;
	const char		*issuers[2];	/* from the metadata */
	time_t			 now;
};

int		 jwt_init(void);
enum jwt_error	 jwt_verify(const struct jwt_input *, const char *,
		    size_t, struct principal **);
const char	*jwt_error_text(enum jwt_error);
enum jwt_deny	 jwt_authorize(const struct authcfg *,
		    const struct principal *);
const char	*jwt_deny_text(enum jwt_deny);

#endif
