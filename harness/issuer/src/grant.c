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
 * The client credentials grant, checked in the order a request is read:
 * shape of the request (form, grant_type, client authentication method,
 * scope), then the client and its secret, then the resource. Each
 * failure is the error Entra ID answers for it (docs/issuer.md has the
 * table), with its HTTP status, OAuth error code and AADSTS text.
 */

#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "form.h"
#include "grant.h"
#include "token.h"

#define GRANT_ECHO_MAX	"128"	/* request text quoted back, at most */

static int	grant_scope(const char *, char *, size_t,
		    struct entra_error *);
static int	grant_bad_scope(struct entra_error *, const char *);
static void	grant_missing(struct entra_error *, const char *);
static void	grant_malformed(struct entra_error *, const char *);

void
grant_evaluate(const struct directory *dir, const struct grant_request *req,
    struct grant_result *res)
{
	struct form		 f;
	struct entra_error	*e = &res->err;
	const struct dir_client	*cl;
	const char		*grant, *cid, *secret, *scope, *v;
	char			 bid[FORM_CRED_MAX], bsecret[FORM_CRED_MAX];
	enum basic_status	 basic;

	memset(res, 0, sizeof(*res));
	memset(&f, 0, sizeof(f));
	res->client_note[0] = '-';

	/* Entra reads parameters from a form body only (AADSTS900144). */
	if (form_is_urlencoded(req->content_type)) {
		switch (form_parse(&f, req->body, req->body_len)) {
		case FORM_OK:
			break;
		case FORM_DUPLICATE:
			grant_malformed(e, "A parameter is repeated in the "
			    "request body.");
			goto out;
		case FORM_TOO_BIG:
			grant_malformed(e, "The request body has too many "
			    "parameters.");
			goto out;
		default:
			grant_malformed(e, "The request body is not valid "
			    "application/x-www-form-urlencoded.");
			goto out;
		}
	}

	basic = form_basic(req->authorization, bid, sizeof(bid), bsecret,
	    sizeof(bsecret));
	if (basic == BASIC_MALFORMED) {
		grant_malformed(e, "The Authorization header is not valid "
		    "HTTP Basic client authentication.");
		goto out;
	}

	if ((grant = form_get(&f, "grant_type")) == NULL || *grant == '\0') {
		grant_missing(e, "grant_type");
		goto out;
	}
	if (strcmp(grant, "client_credentials") != 0) {
		entra_error_set(e, 400, "unsupported_grant_type", 70003,
		    "The app requested an unsupported grant type '%."
		    GRANT_ECHO_MAX "s'.", grant);
		goto out;
	}

	cid = form_get(&f, "client_id");
	secret = form_get(&f, "client_secret");
	if (basic == BASIC_OK) {
		res->basic = 1;
		/* One client authentication method only: RFC 6749 2.3. */
		if (secret != NULL) {
			grant_malformed(e, "The client authenticated with "
			    "both HTTP Basic and client_secret.");
			goto out;
		}
		if (cid != NULL && strcmp(cid, bid) != 0) {
			grant_malformed(e, "client_id differs from the "
			    "client identifier in the Authorization header.");
			goto out;
		}
		cid = bid;
		secret = bsecret;
	}
	if (cid == NULL || *cid == '\0') {
		grant_missing(e, "client_id");
		goto out;
	}

	if (req->endpoint == 2) {
		if (form_get(&f, "resource") != NULL) {
			entra_error_set(e, 400, "invalid_request", 901002,
			    "The 'resource' request parameter is not "
			    "supported.");
			goto out;
		}
		if ((scope = form_get(&f, "scope")) == NULL ||
		    scope[strspn(scope, " ")] == '\0') {
			grant_missing(e, "scope");
			goto out;
		}
		if (grant_scope(scope, res->resource, sizeof(res->resource),
		    e) == -1)
			goto out;
	} else {
		if ((v = form_get(&f, "resource")) == NULL || *v == '\0') {
			grant_missing(e, "resource");
			goto out;
		}
		if (strlen(v) >= sizeof(res->resource)) {
			grant_malformed(e, "The resource parameter is too "
			    "long.");
			goto out;
		}
		memcpy(res->resource, v, strlen(v) + 1);
	}

	/* Stand-in extension: the token version, to exercise v1 and v2. */
	res->version = dir->res.token_version;
	if ((v = form_get(&f, "token_version")) != NULL) {
		if (strcmp(v, "1") == 0 || strcmp(v, "2") == 0) {
			res->version = v[0] - '0';
		} else {
			grant_malformed(e, "token_version (a local stand-in "
			    "extension) must be 1 or 2.");
			goto out;
		}
	}

	if ((cl = directory_client(dir, cid)) == NULL) {
		entra_error_set(e, 400, "unauthorized_client", 700016,
		    "Application with identifier '%." GRANT_ECHO_MAX "s' was "
		    "not found in the directory '%s'. This can happen if the "
		    "application has not been installed by the administrator "
		    "of the tenant or consented to by any user in the tenant. "
		    "You may have sent your authentication request to the "
		    "wrong tenant.", cid, dir->tenant_name);
		goto out;
	}
	(void)snprintf(res->client_note, sizeof(res->client_note), "%s",
	    cl->name);

	if (secret == NULL || *secret == '\0') {
		entra_error_set(e, 401, "invalid_client", 7000216,
		    "'client_assertion', 'client_secret' or 'request' is "
		    "required for the 'client_credentials' grant type.");
		goto out;
	}
	if (!grant_secret_equal(secret, cl->secret)) {
		entra_error_set(e, 401, "invalid_client", 7000215,
		    "Invalid client secret provided. Ensure the secret being "
		    "sent in the request is the client secret value, not the "
		    "client secret ID, for a secret added to app '%s'.",
		    cl->app_id);
		goto out;
	}

	/*
	 * A resource the client holds no role on still gets a token, with
	 * no roles claim: Entra checks roles only when the resource
	 * requires assignment (appRoleAssignmentRequired), which this
	 * directory does not model.
	 */
	if (!directory_is_resource(dir, res->resource)) {
		entra_error_set(e, 400, "invalid_resource", 500011,
		    "The resource principal named %s was not found in the "
		    "tenant named %s. This can happen if the application has "
		    "not been installed by the administrator of the tenant or "
		    "consented to by any user in the tenant. You might have "
		    "sent your authentication request to the wrong tenant.",
		    res->resource, dir->tenant_name);
		goto out;
	}

	res->client = cl;
	res->ok = 1;
out:
	form_clear(&f);
	explicit_bzero(bid, sizeof(bid));
	explicit_bzero(bsecret, sizeof(bsecret));
}

/*
 * Constant time whatever the inputs: compare SHA-256 digests, so neither
 * the position of the first difference nor the secret's length leaks.
 */
int
grant_secret_equal(const char *given, const char *want)
{
	unsigned char	a[SHA256_DIGEST_LENGTH], b[SHA256_DIGEST_LENGTH];
	int		eq;

	(void)SHA256((const unsigned char *)given, strlen(given), a);
	(void)SHA256((const unsigned char *)want, strlen(want), b);
	eq = CRYPTO_memcmp(a, b, sizeof(a)) == 0;
	explicit_bzero(a, sizeof(a));
	explicit_bzero(b, sizeof(b));
	return (eq);
}

/*
 * The success document. The v2.0 endpoint answers numbers; the v1.0
 * endpoint answers strings and adds expires_on, not_before and resource,
 * as Entra's two endpoints do.
 */
char *
grant_success_json(int endpoint, const char *token, const char *resource,
    time_t now, unsigned lifetime, time_t nbf)
{
	json_t		*j;
	char		*out, life[16], on[24], before[24];

	if (endpoint == 2) {
		j = json_pack("{s:s, s:I, s:I, s:s}", "token_type", "Bearer",
		    "expires_in", (json_int_t)lifetime,
		    "ext_expires_in", (json_int_t)lifetime,
		    "access_token", token);
	} else {
		(void)snprintf(life, sizeof(life), "%u", lifetime);
		(void)snprintf(on, sizeof(on), "%lld",
		    (long long)now + lifetime);
		(void)snprintf(before, sizeof(before), "%lld", (long long)nbf);
		j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		    "token_type", "Bearer", "expires_in", life,
		    "ext_expires_in", life, "expires_on", on,
		    "not_before", before, "resource", resource,
		    "access_token", token);
	}
	if (j == NULL)
		return (NULL);
	out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	return (out);
}

/*
 * scope for client credentials: exactly one "<resource>/.default".
 * Another single scope is AADSTS1002012, several are AADSTS70011.
 */
static int
grant_scope(const char *scope, char *resource, size_t len,
    struct entra_error *e)
{
	const char	*p, *end;
	size_t		 n, slen;

	p = scope + strspn(scope, " ");
	n = strcspn(p, " ");
	end = p + n;
	if (end[strspn(end, " ")] != '\0')
		return (grant_bad_scope(e, scope));

	slen = sizeof(GRANT_SCOPE_SUFFIX) - 1;
	if (n < slen || memcmp(end - slen, GRANT_SCOPE_SUFFIX, slen) != 0) {
		entra_error_set(e, 400, "invalid_scope", 1002012,
		    "The provided value for scope %.*s is not valid. Client "
		    "credential flows must have a scope value with /.default "
		    "suffixed to the resource identifier (application ID "
		    "URI).", (int)(n > 128 ? 128 : n), p);
		return (-1);
	}

	n -= slen;
	if (n == 0 || n >= len)
		return (grant_bad_scope(e, scope));
	memcpy(resource, p, n);
	resource[n] = '\0';
	return (0);
}

/* AADSTS70011: the scope list as a whole is not valid. */
static int
grant_bad_scope(struct entra_error *e, const char *scope)
{
	entra_error_set(e, 400, "invalid_scope", 70011, "The provided request "
	    "must include a 'scope' input parameter. The provided value for "
	    "the input parameter 'scope' is not valid. The scope %."
	    GRANT_ECHO_MAX "s is not valid.", scope);
	return (-1);
}

static void
grant_missing(struct entra_error *e, const char *name)
{
	entra_error_set(e, 400, "invalid_request", 900144, "The request body "
	    "must contain the following parameter: '%s'.", name);
}

/* AADSTS9002313 is Entra's "Request is malformed or invalid." */
static void
grant_malformed(struct entra_error *e, const char *why)
{
	entra_error_set(e, 400, "invalid_request", 9002313, "Invalid request. "
	    "Request is malformed or invalid. %s", why);
}
