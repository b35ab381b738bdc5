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

#ifndef HARNESS_MCPC_H
#define HARNESS_MCPC_H

#include <jansson.h>

#include "buf.h"
#include "http.h"

/*
 * A small MCP client for Streamable HTTP (MCP 2025-03-26, 2025-06-18,
 * 2025-11-25 "Transports" and "Lifecycle"): initialize with a chosen
 * protocolVersion, notifications/initialized (the server must answer 202),
 * then tools/list and tools/call, each a POST answered with one JSON
 * object or an event stream. After initialize every request carries
 * MCP-Protocol-Version with the negotiated version, and Mcp-Session-Id
 * when the server issued one (a stateless server issues none).
 *
 * Every call returns 0 or -1; on -1, err says what went wrong and of
 * which kind, so callers can tell a refused request (HTTP 401 with its
 * WWW-Authenticate challenge) from a JSON-RPC error from a tool that
 * reported isError. result holds the last JSON-RPC result (or error
 * object), which callers may read until the next call.
 */

#define MCPC_VERSION_LATEST	"2025-11-25"

enum mcpc_fail {
	MCPC_OK,
	MCPC_TRANSPORT,		/* no HTTP answer: refused, timeout, size */
	MCPC_HTTP,		/* an answer outside 2xx */
	MCPC_PROTOCOL,		/* an answer that breaks MCP or JSON-RPC */
	MCPC_RPC,		/* a JSON-RPC error response */
	MCPC_TOOL,		/* a tools/call result with isError true */
	MCPC_USAGE		/* e.g. list-tools before connect */
};

struct mcpc_error {
	enum mcpc_fail	 kind;
	long		 status;	/* HTTP status of the answer; 0 none */
	long long	 code;		/* JSON-RPC error code (MCPC_RPC) */
	int		 timed_out;
	struct buf	 message;	/* "initialize: 401 Unauthorized: ..." */
};

typedef void	(*mcpc_exchange_fn)(void *, const char *, const char *,
		    const struct buf *, const struct http_response *);

struct mcpc {
	struct http		*http;
	char			*url;
	char			*authorization;	/* header value, a secret */
	char			*negotiated;	/* NULL: not connected */
	char			*session;
	long			 next_id;
	long			 timeout_ms;
	json_t			*init;		/* the initialize result */
	json_t			*result;	/* the last result or error */
	struct http_response	 resp;		/* the last answer */
	const char		*method;	/* its request's method */
	struct mcpc_error	 err;
	mcpc_exchange_fn	 on_exchange;	/* e.g. a --verbose log */
	void			*arg;
	int			 keep_head;
};

void		 mcpc_init(struct mcpc *, struct http *, const char *);
void		 mcpc_free(struct mcpc *);
void		 mcpc_set_authorization(struct mcpc *, const char *);
int		 mcpc_connect(struct mcpc *, const char *);
int		 mcpc_list_tools(struct mcpc *);
int		 mcpc_call(struct mcpc *, const char *, json_t *);
int		 mcpc_close(struct mcpc *);
int		 mcpc_supported(const char *);
void		 mcpc_describe_http(const struct http_response *,
		    struct buf *);
const char	*mcpc_fail_name(enum mcpc_fail);

#endif
