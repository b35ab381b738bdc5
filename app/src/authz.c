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
 * Until the auth gate exists every caller is anonymous and auth is off:
 * every tool is allowed. The gate (issue 4) replaces this file.
 */

#include <kore/kore.h>
#include <kore/http.h>

#include "authz.h"

int
authz_tool_allowed(struct http_request *req, const char *tool)
{
	return (1);
}

void
authz_challenge_forbidden(struct http_request *req, const char *tool)
{
	http_response_header(req, "www-authenticate",
	    "Bearer error=\"insufficient_scope\"");
	http_response_header(req, "cache-control", "no-store");
}
