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
 * The ceiling for make bench: the least a Kore 4.1 handler can do with
 * the same request (a POST with a JSON body, same workers, same HTTP
 * settings, same sandbox) is answer a fixed JSON-RPC result. Not part of
 * the app; built and started by harness/scripts/bench.sh only.
 */

#include <kore/kore.h>
#include <kore/http.h>

int	hello(struct http_request *);

int
hello(struct http_request *req)
{
	static const char	body[] = "{\"jsonrpc\":\"2.0\",\"id\":1,"
				    "\"result\":{}}";

	http_response_header(req, "content-type", "application/json");
	http_response(req, HTTP_STATUS_OK, body, sizeof(body) - 1);

	return (KORE_RESULT_OK);
}
