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
 * The token verifier end to end: jwt_verify() (split, base64url, header
 * checks, RS256 with the key set, claims, principal), then the built-in
 * policy, roles and the /.auth/me claim mapping of the principal.
 *
 * Input: a mode byte, then
 *	even ('0')	a compact token, verified as it is: everything up to
 *			the signature check, and (for seeds) past it
 *	odd ('1')	header JSON, a newline, payload JSON: encoded and
 *			signed here with the test key, so every mutation of
 *			the claims reaches the claim checks
 *
 * The key is generated for the run (FUZZ_JWT_KEY names a PEM file to
 * keep it in, so tokens made earlier still verify). With FUZZ_JWT_SEEDS
 * set, the target writes the signed compact form of every odd seed in
 * FUZZ_JWT_FROM into that directory and exits: real-shaped tokens are
 * made at build time, never committed. The clock is fixed (FUZZ_NOW).
 *
 * Property: an accepted token passes the checks again when they are
 * made independently here on a plain parse of its payload (issuer,
 * tenant, audience, expiry, not-before, client id): two readers of one
 * token must not disagree about it.
 */

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "authcfg.h"
#include "b64url.h"
#include "fuzz.h"
#include "jwks.h"
#include "jwt.h"
#include "mint.h"
#include "principal.h"

/* 2026-01-01T00:00:00Z: seeds carry times around it. */
#define FUZZ_NOW	1767225600L
#define FUZZ_KID	"fuzz-key"
#define FUZZ_SEED_MAX	8192

/* The policy parts of the document, so jwt_authorize() has work. */
#define FUZZ_VALIDATION \
	",\"jwtClaimChecks\":{\"allowedClientApplications\":[\"" MINT_AGENT \
	"\"]},\"defaultAuthorizationPolicy\":{\"allowedPrincipals\":{" \
	"\"identities\":[\"" MINT_AGENT_OID "\"],\"groups\":[\"g1\"]}}"

static struct authcfg	fuzz_cfg;
static struct jwks	fuzz_keys;
static struct mint_key	fuzz_key;
static struct jwt_input	fuzz_in;
static char		fuzz_doc[2048];
/*
 * Bumped when a compact (even) input verifies: a code path of its own,
 * so libFuzzer keeps the signed seeds and mutates them (it drops seeds
 * that add nothing, and only their mutations reach a failing signature).
 */
static volatile int	fuzz_signed_compact;

static const char	*fuzz_env(const char *);
static void		 fuzz_key_init(void);
static void		 fuzz_seeds(const char *, const char *);
static char		*fuzz_sign(const char *, const char *);
static void		 fuzz_recheck(const struct principal *);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	json_t	*set;
	char	 err[AUTHCFG_ERR_MAX];

	if (jwt_init() == -1)
		fuzz_fail("jwt_init", "no SHA-256");
	(void)snprintf(fuzz_doc, sizeof(fuzz_doc), MINT_DOC, FUZZ_VALIDATION);
	if (authcfg_load(&fuzz_cfg, fuzz_env, err, sizeof(err)) == -1)
		fuzz_fail("authcfg_load", err);

	fuzz_key_init();
	if (getenv("FUZZ_JWT_SEEDS") != NULL) {
		fuzz_seeds(getenv("FUZZ_JWT_FROM"), getenv("FUZZ_JWT_SEEDS"));
		exit(0);
	}

	jwks_init(&fuzz_keys);
	set = mint_jwks(&fuzz_key, 1);
	if (jwks_add(&fuzz_keys, set, err, sizeof(err)) != 1)
		fuzz_fail("jwks_add", err);
	json_decref(set);

	fuzz_in.cfg = &fuzz_cfg;
	fuzz_in.keys = &fuzz_keys;
	fuzz_in.issuers[0] = MINT_ISS_V1;
	fuzz_in.issuers[1] = MINT_ISS_V2;
	fuzz_in.now = FUZZ_NOW;

	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_parts	 p;
	struct principal	*who;
	json_t			*claims;
	char			*tok;
	size_t			 len;

	if (size < 1)
		return (0);

	if (data[0] & 1) {
		fuzz_split(data + 1, size - 1, 2, &p);
		tok = fuzz_sign(p.v[0], p.n > 1 ? p.v[1] : "");
		fuzz_parts_free(&p);
		len = strlen(tok);
	} else {
		tok = fuzz_copy(data + 1, size - 1);
		len = size - 1;
	}

	who = NULL;
	if (jwt_verify(&fuzz_in, tok, len, &who) == JWT_OK) {
		if (who == NULL)
			fuzz_fail("jwt_verify", "ok without a principal");
		if (!(data[0] & 1))
			fuzz_signed_compact++;
		fuzz_recheck(who);
		(void)jwt_authorize(&fuzz_cfg, who);
		(void)authcfg_may_call_any(&fuzz_cfg, who);
		(void)authcfg_may_call(&fuzz_cfg, who, "create_review_mcp");
		(void)principal_name(who);
		if ((claims = principal_user_claims(who)) == NULL)
			fuzz_fail("principal_user_claims", "none");
		json_decref(claims);
		principal_release(who);
	} else if (who != NULL) {
		fuzz_fail("jwt_verify", "a principal for a refused token");
	}
	free(tok);

	return (0);
}

static const char *
fuzz_env(const char *name)
{
	if (strcmp(name, "AUTH_SETTINGS_JSON") == 0)
		return (fuzz_doc);
	if (strcmp(name, "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES") == 0)
		return ("api://" MINT_API "/user_impersonation");
	return (NULL);
}

/* The run's key: from FUZZ_JWT_KEY when it exists, else a new one. */
static void
fuzz_key_init(void)
{
	const char	*path;
	FILE		*fp;
	int		 fd;

	memset(&fuzz_key, 0, sizeof(fuzz_key));
	(void)snprintf(fuzz_key.kid, sizeof(fuzz_key.kid), "%s", FUZZ_KID);

	path = getenv("FUZZ_JWT_KEY");
	if (path != NULL && (fp = fopen(path, "r")) != NULL) {
		fuzz_key.pkey = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
		fclose(fp);
		if (fuzz_key.pkey == NULL)
			fuzz_fail(path, "not a PEM private key");
		return;
	}

	if ((fuzz_key.pkey = EVP_RSA_gen(2048)) == NULL)
		fuzz_fail("EVP_RSA_gen", "failed");
	if (path == NULL)
		return;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL)
		fuzz_fail(path, "cannot create");
	if (PEM_write_PrivateKey(fp, fuzz_key.pkey, NULL, NULL, 0, NULL,
	    NULL) != 1)
		fuzz_fail(path, "cannot write");
	fclose(fp);
}

/* The compact form of every structured seed in from, into dir. */
static void
fuzz_seeds(const char *from, const char *dir)
{
	struct fuzz_parts	 p;
	struct dirent		*de;
	DIR			*d;
	FILE			*fp;
	char			 path[512], buf[FUZZ_SEED_MAX], *tok;
	size_t			 n;

	if (from == NULL || (d = opendir(from)) == NULL)
		fuzz_fail("FUZZ_JWT_FROM", "not a directory");
	(void)mkdir(dir, 0700);

	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", from, de->d_name);
		if ((fp = fopen(path, "r")) == NULL)
			continue;
		n = fread(buf, 1, sizeof(buf), fp);
		fclose(fp);
		if (n < 1 || !(buf[0] & 1))
			continue;

		fuzz_split((const uint8_t *)buf + 1, n - 1, 2, &p);
		tok = fuzz_sign(p.v[0], p.n > 1 ? p.v[1] : "");
		fuzz_parts_free(&p);

		(void)snprintf(path, sizeof(path), "%s/signed-%s", dir,
		    de->d_name);
		if ((fp = fopen(path, "w")) == NULL)
			fuzz_fail(path, "cannot create");
		(void)fputc('0', fp);
		(void)fputs(tok, fp);
		fclose(fp);
		free(tok);
	}
	closedir(d);
}

static char *
fuzz_sign(const char *header, const char *payload)
{
	return (mint_sign(&fuzz_key, header, payload));
}

/*
 * The checks of jwt.c made again, independently, on a plain parse of
 * the accepted token's claims (the principal keeps them).
 */
static void
fuzz_recheck(const struct principal *who)
{
	const json_t	*c, *aud, *v, *exp, *nbf;
	const char	*iss, *ver, *cid;
	size_t		 i;
	int		 found;

	if ((c = who->claims) == NULL)
		fuzz_fail("recheck", "no claims");

	iss = json_string_value(json_object_get(c, "iss"));
	if (iss == NULL || (strcmp(iss, MINT_ISS_V1) != 0 &&
	    strcmp(iss, MINT_ISS_V2) != 0))
		fuzz_fail("recheck", "issuer");

	v = json_object_get(c, "tid");
	if (v != NULL && (!json_is_string(v) ||
	    strcasecmp(json_string_value(v), MINT_TENANT) != 0))
		fuzz_fail("recheck", "tenant");

	found = 0;
	aud = json_object_get(c, "aud");
	if (json_is_string(aud))
		found = authcfg_list_has(&fuzz_cfg.audiences,
		    json_string_value(aud));
	json_array_foreach(aud, i, v) {
		if (json_is_string(v) && authcfg_list_has(&fuzz_cfg.audiences,
		    json_string_value(v)))
			found = 1;
	}
	if (!found)
		fuzz_fail("recheck", "audience");

	exp = json_object_get(c, "exp");
	if (!json_is_number(exp) ||
	    json_number_value(exp) + AUTHCFG_SKEW < (double)FUZZ_NOW)
		fuzz_fail("recheck", "exp");
	nbf = json_object_get(c, "nbf");
	if (nbf != NULL && (!json_is_number(nbf) ||
	    json_number_value(nbf) > (double)FUZZ_NOW + AUTHCFG_SKEW))
		fuzz_fail("recheck", "nbf");

	ver = json_string_value(json_object_get(c, "ver"));
	cid = json_string_value(json_object_get(c, ver != NULL &&
	    strcmp(ver, "2.0") == 0 ? "azp" : "appid"));
	if (cid == NULL)
		cid = json_string_value(json_object_get(c, ver != NULL &&
		    strcmp(ver, "2.0") == 0 ? "appid" : "azp"));
	if (strcmp(who->client_id, cid != NULL ? cid : "") != 0)
		fuzz_fail("recheck", "client id");
}
