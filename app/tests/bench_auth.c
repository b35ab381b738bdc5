/*
 * Micro benchmark of the gate's token paths on one core (make bench):
 *
 *   verify	jwt_verify(): header, kid lookup, RS256 with the cached
 *		EVP_PKEY, claims, principal (a token seen the first time)
 *   cached	what the gate does for a token it verified before: the
 *		SHA-256 of the token, the cache lookup, the policy checks
 *   libjwt-pem	libjwt 1.10's jwt_decode() with the PEM, the naive way
 *		(re-parses the key every call, and checks no claim)
 *   jwk-load	one JWK (n, e) -> EVP_PKEY, done once per key set
 *
 * Not a test: nothing is asserted; docs/performance.md has the figures.
 */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "authcfg.h"
#include "jwks.h"
#include "jwt.h"
#include "mint.h"
#include "tokcache.h"

#define BENCH_SECS	1.0

/*
 * libjwt 1.10 (<jwt.h>, shadowed by app/src/jwt.h on the include path):
 * only the two calls the comparison needs.
 */
typedef struct jwt	jwt_t;
int	jwt_decode(jwt_t **, const char *, const unsigned char *, int);
void	jwt_free(jwt_t *);

static struct authcfg	cfg;

static const char *
env(const char *name)
{
	if (strcmp(name, "AUTH_SETTINGS_FILE") == 0)
		return ("fixtures/authsettings.json");
	return (NULL);
}

static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

static void
report(const char *name, long n, double secs)
{
	printf("auth-bench %-11s %9.2f us/op %10.0f ops/s (%ld ops)\n", name,
	    secs / (double)n * 1e6, (double)n / secs, n);
}

int
main(void)
{
	struct mint_key		 key;
	struct jwks		 set;
	struct jwt_input	 in;
	struct tokcache		*cache;
	struct principal	*p;
	json_t			*doc, *jwk;
	jwt_t			*j;
	u_int8_t		 d[TOKCACHE_DIGEST_LEN];
	char			 err[AUTHCFG_ERR_MAX], *tok, *pem;
	double			 t0, t;
	long			 n;

	if (authcfg_load(&cfg, env, err, sizeof(err)) == -1) {
		fprintf(stderr, "auth-bench: %s\n", err);
		return (1);
	}
	jwt_init();
	mint_key(&key, "bench-key", 2048);
	jwks_init(&set);
	doc = mint_jwks(&key, 1);
	if (jwks_add(&set, doc, err, sizeof(err)) != 1)
		mint_die("jwks_add");

	/* A realistic v2 app-only token, ~1.1 KB like Entra's. */
	tok = mint_v2(&key, 3600, "{\"aud\":\"" MINT_API "\","
	    "\"aio\":\"k2BgYJjXbP9zFvvCNEN3vnPbcQtvAQA=\",\"rh\":\"0.AX0As7Zd"
	    "g9RxY0O1C939M7M7SxxxcWHI395CutjSJ3AfQZXcAAA.\","
	    "\"xms_ftd\":\"mqfYn1lU8M2xoRJh3kyD2pbvdrM0V3rp3Fb6kStQ\"}");
	printf("auth-bench token of %zu bytes, RSA 2048\n", strlen(tok));

	memset(&in, 0, sizeof(in));
	in.cfg = &cfg;
	in.keys = &set;
	in.issuers[0] = MINT_ISS_V1;
	in.issuers[1] = MINT_ISS_V2;
	in.now = time(NULL);

	/* First-time verification. */
	n = 0;
	t0 = now_s();
	do {
		if (jwt_verify(&in, tok, strlen(tok), &p) != JWT_OK)
			mint_die("jwt_verify");
		principal_release(p);
		n++;
	} while ((t = now_s() - t0) < BENCH_SECS);
	report("verify", n, t);

	/* The gate's cache hit: digest, lookup, policy. */
	if ((cache = calloc(1, sizeof(*cache))) == NULL)
		mint_die("calloc");
	if (jwt_verify(&in, tok, strlen(tok), &p) != JWT_OK)
		mint_die("jwt_verify");
	tokcache_digest(tok, strlen(tok), d);
	tokcache_put(cache, d, p, in.now, 1);
	principal_release(p);
	n = 0;
	t0 = now_s();
	do {
		if (tokcache_digest(tok, strlen(tok), d) == -1 ||
		    (p = tokcache_get(cache, d, in.now, 1)) == NULL ||
		    jwt_authorize(&cfg, p) != JWT_ALLOWED)
			mint_die("cache");
		principal_release(p);
		n++;
	} while ((t = now_s() - t0) < BENCH_SECS);
	report("cached", n, t);

	/* libjwt with the PEM on every call (what the gate does not do). */
	pem = mint_pem(&key);
	n = 0;
	t0 = now_s();
	do {
		if (jwt_decode(&j, tok, (unsigned char *)pem,
		    (int)strlen(pem)) != 0)
			mint_die("jwt_decode");
		jwt_free(j);
		n++;
	} while ((t = now_s() - t0) < BENCH_SECS);
	report("libjwt-pem", n, t);

	/* Key set loading, per key. */
	jwk = json_array_get(json_object_get(doc, "keys"), 0);
	n = 0;
	t0 = now_s();
	do {
		struct jwks	one;

		jwks_init(&one);
		if (jwks_add(&one, doc, err, sizeof(err)) != 1)
			mint_die("jwks_add");
		jwks_clear(&one);
		n++;
	} while ((t = now_s() - t0) < BENCH_SECS);
	report("jwk-load", n, t);
	(void)jwk;

	tokcache_clear(cache);
	free(cache);
	free(pem);
	free(tok);
	json_decref(doc);
	jwks_clear(&set);
	mint_key_free(&key);
	authcfg_free(&cfg);

	return (0);
}
