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
 * The stand-in's one handler: every path comes here (issuer.conf routes
 * all of them), is matched against Entra's URL layout, answered, and
 * written to the log as one line: method, path, status, time, outcome.
 * The log never holds a secret, a token or the request body.
 */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "directory.h"
#include "entra.h"
#include "grant.h"
#include "issuer.h"
#include "keyring.h"
#include "token.h"

#define SERVE_NOTE_MAX		160
#define SERVE_JSON		"application/json; charset=utf-8"
/* What Entra sends with its discovery documents and key sets. */
#define SERVE_DOC_CACHE		"max-age=86400, private"

struct serve {
	struct http_request	*req;
	char			 trace[ENTRA_GUID_LEN + 1];
	char			 corr[ENTRA_GUID_LEN + 1];
	char			 note[SERVE_NOTE_MAX];
};

int	issuer_serve(struct http_request *);

static void	serve_document(struct serve *, enum entra_route, const char *);
static void	serve_token(struct serve *, enum entra_route, const char *);
static void	serve_error(struct serve *, const struct entra_error *);
static void	serve_text(struct serve *, int, const char *);
static void	serve_log(struct serve *, u_int64_t);
static u_int64_t serve_now_us(void);

int
issuer_serve(struct http_request *req)
{
	struct serve		 s;
	enum entra_route	 r;
	const char		*cid;
	char			 tenant[ENTRA_TENANT_MAX + 1];
	u_int64_t		 start;

	start = serve_now_us();
	memset(&s, 0, sizeof(s));
	s.req = req;
	issuer_keys_adopt();

	/* Entra's request id, and the caller's correlation id if sent. */
	if (entra_guid(s.trace, sizeof(s.trace)) == -1)
		(void)snprintf(s.trace, sizeof(s.trace), "%s",
		    "00000000-0000-0000-0000-000000000000");
	if (http_request_header(req, "client-request-id", &cid) &&
	    directory_guid_valid(cid)) {
		(void)snprintf(s.corr, sizeof(s.corr), "%s", cid);
		http_response_header(req, "client-request-id", s.corr);
	} else if (entra_guid(s.corr, sizeof(s.corr)) == -1) {
		memcpy(s.corr, s.trace, sizeof(s.corr));
	}
	http_response_header(req, "x-ms-request-id", s.trace);

	r = entra_route(req->path, tenant, sizeof(tenant));
	switch (r) {
	case ROUTE_META_V1:
	case ROUTE_META_V2:
	case ROUTE_KEYS_V1:
	case ROUTE_KEYS_V2:
		serve_document(&s, r, tenant);
		break;
	case ROUTE_TOKEN_V1:
	case ROUTE_TOKEN_V2:
		serve_token(&s, r, tenant);
		break;
	case ROUTE_AUTHORIZE_V1:
	case ROUTE_AUTHORIZE_V2:
		serve_text(&s, HTTP_STATUS_NOT_IMPLEMENTED, "The local Entra "
		    "ID stand-in issues app-only tokens (client credentials) "
		    "only: interactive sign-in is not emulated. See "
		    "docs/issuer.md.\n");
		(void)snprintf(s.note, sizeof(s.note), "not emulated");
		break;
	default:
		serve_text(&s, HTTP_STATUS_NOT_FOUND, "Not found.\n");
		break;
	}

	serve_log(&s, start);
	return (KORE_RESULT_OK);
}

/* OpenID metadata and key sets: GET, HEAD, and CORS for browsers. */
static void
serve_document(struct serve *s, enum entra_route r, const char *tenant)
{
	struct http_request	*req = s->req;
	struct entra_error	 e;
	const char		*doc;
	int			 v;

	http_response_header(req, "access-control-allow-origin", "*");
	if (req->method == HTTP_METHOD_OPTIONS) {
		http_response_header(req, "access-control-allow-methods",
		    "GET, HEAD, OPTIONS");
		http_response_header(req, "allow", "GET, HEAD, OPTIONS");
		http_response(req, HTTP_STATUS_NO_CONTENT, NULL, 0);
		return;
	}
	if (req->method != HTTP_METHOD_GET && req->method != HTTP_METHOD_HEAD) {
		http_response_header(req, "allow", "GET, HEAD, OPTIONS");
		serve_text(s, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    "Method not allowed.\n");
		return;
	}
	if (!directory_is_tenant(issuer_directory(), tenant)) {
		entra_tenant_error(&e, 0, tenant);
		serve_error(s, &e);
		return;
	}

	v = entra_route_version(r);
	if (r == ROUTE_META_V1 || r == ROUTE_META_V2)
		doc = issuer_metadata(v);
	else
		doc = issuer_jwks(v);

	http_response_header(req, "content-type", SERVE_JSON);
	http_response_header(req, "cache-control", SERVE_DOC_CACHE);
	http_response(req, HTTP_STATUS_OK, doc, strlen(doc));
}

/* POST /{tenant}/oauth2[/v2.0]/token: the client credentials grant. */
static void
serve_token(struct serve *s, enum entra_route r, const char *tenant)
{
	struct http_request		*req = s->req;
	struct grant_request		 g;
	struct grant_result		 res;
	struct entra_error		 e;
	struct token_spec		 spec;
	const struct keyring_key	*key;
	const char			*ctype, *authz;
	char				*body, *tok, *doc;
	size_t				 len;
	ssize_t				 n;

	body = tok = doc = NULL;
	len = 0;

	if (req->method == HTTP_METHOD_OPTIONS) {
		http_response_header(req, "allow", "POST, OPTIONS");
		http_response(req, HTTP_STATUS_NO_CONTENT, NULL, 0);
		return;
	}
	if (req->method != HTTP_METHOD_POST) {
		http_response_header(req, "allow", "POST, OPTIONS");
		entra_error_set(&e, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    "invalid_request", 900561, "The endpoint only accepts "
		    "POST, OPTIONS requests. Received a %s request.",
		    http_method_text(req->method));
		serve_error(s, &e);
		return;
	}
	if (!directory_is_tenant(issuer_directory(), tenant)) {
		entra_tenant_error(&e, 1, tenant);
		serve_error(s, &e);
		return;
	}

	/* Kore refuses longer bodies (http_body_max) before we run. */
	if (req->http_body_length > ISSUER_BODY_MAX) {
		entra_error_set(&e, HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE,
		    "invalid_request", 9002313, "Invalid request. Request is "
		    "malformed or invalid. The request body is larger than "
		    "%d bytes.", ISSUER_BODY_MAX);
		serve_error(s, &e);
		return;
	}
	body = kore_malloc(ISSUER_BODY_MAX + 1);
	if (req->http_body != NULL || req->http_body_fd != -1) {
		while ((n = http_body_read(req, body + len,
		    ISSUER_BODY_MAX - len)) > 0)
			len += (size_t)n;
		if (n == -1) {
			serve_text(s, HTTP_STATUS_INTERNAL_ERROR,
			    "Cannot read the request body.\n");
			goto out;
		}
	}
	body[len] = '\0';

	memset(&g, 0, sizeof(g));
	g.endpoint = entra_route_version(r);
	g.body = body;
	g.body_len = len;
	if (http_request_header(req, "content-type", &ctype))
		g.content_type = ctype;
	if (http_request_header(req, "authorization", &authz))
		g.authorization = authz;

	grant_evaluate(issuer_directory(), &g, &res);
	if (!res.ok) {
		/* RFC 6749 5.2: a failed Basic login is challenged. */
		if (res.err.status == HTTP_STATUS_UNAUTHORIZED && res.basic)
			http_response_header(req, "www-authenticate",
			    "Basic realm=\"token\"");
		serve_error(s, &res.err);
		(void)snprintf(s->note, sizeof(s->note), "client=%s %s %u",
		    res.client_note, res.err.error, res.err.code);
		goto out;
	}

	memset(&spec, 0, sizeof(spec));
	spec.dir = issuer_directory();
	spec.client = res.client;
	spec.aud_v1 = res.resource;
	spec.version = res.version;
	spec.now = time(NULL);
	if ((key = keyring_signer(issuer_keyring())) == NULL ||
	    token_randomize(&spec) == -1 ||
	    (tok = token_issue(&spec, key)) == NULL ||
	    (doc = grant_success_json(g.endpoint, tok, res.resource, spec.now,
	    spec.lifetime, spec.now - TOKEN_BACKDATE)) == NULL) {
		entra_error_set(&e, HTTP_STATUS_INTERNAL_ERROR, "server_error",
		    50000, "There was an error issuing a token.");
		serve_error(s, &e);
		goto out;
	}

	http_response_header(req, "content-type", SERVE_JSON);
	http_response_header(req, "cache-control", "no-store, no-cache");
	http_response_header(req, "pragma", "no-cache");
	http_response(req, HTTP_STATUS_OK, doc, strlen(doc));
	(void)snprintf(s->note, sizeof(s->note), "client=%s token v%d "
	    "kid=%.8s roles=%zu ttl=%u", res.client->name, spec.version,
	    key->kid, res.client->nroles, spec.lifetime);
out:
	/* Kore copied the response; wipe what held secrets or tokens. */
	if (tok != NULL) {
		explicit_bzero(tok, strlen(tok));
		free(tok);
	}
	if (doc != NULL) {
		explicit_bzero(doc, strlen(doc));
		free(doc);
	}
	explicit_bzero(body, ISSUER_BODY_MAX + 1);
	kore_free(body);
}

static void
serve_error(struct serve *s, const struct entra_error *e)
{
	char		*doc;

	http_response_header(s->req, "content-type", SERVE_JSON);
	http_response_header(s->req, "cache-control", "no-store, no-cache");
	http_response_header(s->req, "pragma", "no-cache");
	doc = entra_error_json(e, s->trace, s->corr, time(NULL));
	if (doc == NULL) {
		http_response(s->req, e->status, NULL, 0);
	} else {
		http_response(s->req, e->status, doc, strlen(doc));
		free(doc);
	}
	if (s->note[0] == '\0')
		(void)snprintf(s->note, sizeof(s->note), "%s %u", e->error,
		    e->code);
}

static void
serve_text(struct serve *s, int status, const char *text)
{
	http_response_header(s->req, "content-type",
	    "text/plain; charset=utf-8");
	http_response(s->req, status, text, strlen(text));
}

/* Method, path (never the query), status, duration, outcome. */
static void
serve_log(struct serve *s, u_int64_t start)
{
	char		path[ENTRA_LOG_MAX];
	u_int64_t	us;

	entra_log_safe(path, sizeof(path), s->req->path);
	us = serve_now_us() - start;
	kore_log(LOG_INFO, "%s %s %d %llu.%03llums trace=%.8s%s%s",
	    http_method_text(s->req->method), path, s->req->status,
	    (unsigned long long)(us / 1000), (unsigned long long)(us % 1000),
	    s->trace, s->note[0] != '\0' ? " " : "", s->note);
}

static u_int64_t
serve_now_us(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((u_int64_t)ts.tv_sec * 1000000 + (u_int64_t)ts.tv_nsec / 1000);
}
