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
 * GET /.auth/me: the caller as App Service's /.auth/me shows it, from the
 * claims the gate validated:
 *
 *   [{"provider_name":"aad","user_id":"...","user_claims":[{"typ":...,
 *     "val":...}, ...]}]
 *
 * No access_token member: this server never stores or echoes tokens
 * (App Service shows one only with its token store on). With auth off
 * the path is 404, as it is without EasyAuth.
 */

#include <kore/kore.h>
#include <kore/http.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "authcfg.h"
#include "ctx.h"
#include "gate.h"
#include "principal.h"

int	authme_serve(struct http_request *);

int
authme_serve(struct http_request *req)
{
	struct ctx	*ctx;
	json_t		*doc, *claims;
	char		*text;

	if (gate_config() == NULL) {
		http_response_header(req, "content-type", "application/json");
		http_response(req, HTTP_STATUS_NOT_FOUND,
		    "{\"error\":\"not_found\"}", 21);
		return (KORE_RESULT_OK);
	}

	if (req->method != HTTP_METHOD_GET && req->method != HTTP_METHOD_HEAD) {
		http_response_header(req, "allow", "GET, HEAD");
		http_response(req, HTTP_STATUS_METHOD_NOT_ALLOWED, NULL, 0);
		return (KORE_RESULT_OK);
	}

	/* Only reachable anonymously with AllowAnonymous: as EasyAuth, 401. */
	ctx = ctx_get(req);
	if (ctx->who == NULL) {
		gate_refuse(req, HTTP_STATUS_UNAUTHORIZED, NULL,
		    "a bearer token is required", NULL);
		return (KORE_RESULT_OK);
	}

	if ((claims = principal_user_claims(ctx->who)) == NULL)
		goto fail;
	doc = json_pack("[{s:s, s:s, s:o}]", "provider_name", "aad",
	    "user_id", principal_name(ctx->who), "user_claims", claims);
	text = doc != NULL ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (text == NULL)
		goto fail;

	http_response_header(req, "content-type", "application/json");
	http_response_header(req, "cache-control", "no-store");
	http_response(req, HTTP_STATUS_OK, text, strlen(text));
	free(text);
	return (KORE_RESULT_OK);

fail:
	http_response(req, HTTP_STATUS_INTERNAL_ERROR, NULL, 0);
	return (KORE_RESULT_OK);
}
