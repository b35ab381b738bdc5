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
 * GET /healthz: 200 when PostgreSQL answers a query, 503 otherwise.
 * App Service's health check and the container's own probe call it.
 */

#include <kore/kore.h>
#include <kore/http.h>

#include <string.h>

#include "ctx.h"
#include "db.h"

int	health_serve(struct http_request *);

int
health_serve(struct http_request *req)
{
	struct db_call	*call;
	const char	*body;

	if (req->method != HTTP_METHOD_GET && req->method != HTTP_METHOD_HEAD) {
		http_response_header(req, "allow", "GET, HEAD");
		http_response(req, HTTP_STATUS_METHOD_NOT_ALLOWED, NULL, 0);
		return (KORE_RESULT_OK);
	}

	call = ctx_db(req, DB_PING);
	if (db_call_run(call, req) == DB_RUN_RETRY)
		return (KORE_RESULT_RETRY);

	http_response_header(req, "content-type", "application/json");
	http_response_header(req, "cache-control", "no-store");
	if (call->status == DB_OK) {
		body = "{\"status\":\"ok\"}";
		http_response(req, HTTP_STATUS_OK, body, strlen(body));
	} else {
		ctx_note(req, "%s", db_status_text(call->status));
		body = "{\"status\":\"unavailable\","
		    "\"reason\":\"database unreachable\"}";
		http_response(req, HTTP_STATUS_SERVICE_UNAVAILABLE, body,
		    strlen(body));
	}

	return (KORE_RESULT_OK);
}
