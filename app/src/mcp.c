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
 * POST /mcp/mcp, the MCP Streamable HTTP endpoint, stateless.
 *
 * A request goes through the transport rules in this order, each with
 * its HTTP status and a JSON-RPC error body (id null: nothing was read
 * yet), then through the protocol:
 *
 *	Host not local while listening on loopback	421
 *	Origin present and not allowed			403
 *	OPTIONS						204 (CORS preflight)
 *	any method but POST				405, Allow
 *	Accept without both media types			406
 *	Content-Type not application/json		415
 *	body over TRANSPORT_BODY_MAX			413
 *	MCP-Protocol-Version unsupported		400
 *	body not JSON / not JSON-RPC			400, -32700 / -32600
 *	only notifications or responses			202, empty
 *	a tool the caller may not call			403 + challenge
 *	requests					200, JSON or SSE
 *
 * Tool calls run asynchronously on the request's database call (db.c,
 * the only SQL); a 2025-03-26 batch runs its calls one after another.
 * One audit line per tool call: tool, caller, outcome, duration; never
 * arguments.
 */

#include <kore/kore.h>
#include <kore/http.h>

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "authz.h"
#include "ctx.h"
#include "db.h"
#include "jsonrpc.h"
#include "mcp.h"
#include "protocol.h"
#include "tools.h"
#include "transport.h"

#define MCP_LOG_ID_MAX		64

/* The request headers the endpoint looks at, read in one pass. */
struct mcp_headers {
	char		 accept[TRANSPORT_HEADER_MAX];
	int		 accept_over;		/* longer than the buffer */
	const char	*content_type;
	const char	*origin;
	const char	*version;
	int		 ncontent_type;
	int		 norigin;
	int		 nversion;
};

struct mcp_state {
	json_t			*root;
	struct protocol_plan	 plan;
	int			 sse;
	int			 next;		/* reply being worked on */
	int			 running;	/* its db call was set up */
	u_int64_t		 started;
};

/* The database operation behind each tool. */
static const enum db_op mcp_ops[TOOLS_MAX] = {
	[TOOLS_LIST_RESTAURANTS] = DB_RESTAURANTS,
	[TOOLS_GET_DETAILS] = DB_RESTAURANT,
	[TOOLS_CREATE_REVIEW] = DB_REVIEW_ADD,
	[TOOLS_CREATE_RESTAURANT] = DB_RESTAURANT_ADD,
};

static struct transport_config	mcp_cfg;

static int	mcp_check(struct http_request *, const char **, int *);
static int	mcp_start(struct http_request *, struct ctx *);
static int	mcp_run(struct http_request *, struct ctx *,
		    struct mcp_state *);
static int	mcp_tool(struct http_request *, struct ctx *,
		    struct mcp_state *, struct protocol_reply *);
static void	mcp_respond(struct http_request *, struct mcp_state *);
static void	mcp_headers(struct http_request *, struct mcp_headers *);
static void	mcp_cors_origin(struct http_request *, const char *);
static void	mcp_preflight(struct http_request *, const char *);
static int	mcp_fail(struct http_request *, int, int, const char *);
static void	mcp_send(struct http_request *, int, const char *);
static int	mcp_allowed(void *, const char *);
static void	mcp_audit(struct http_request *, struct ctx *,
		    const struct protocol_reply *, const char *, u_int64_t);
static void	mcp_note(struct http_request *, struct mcp_state *);
static void	mcp_clean(char *, size_t, const char *);
static void	mcp_state_free(void *);
static const char *mcp_getenv(const char *);
static enum tools_outcome mcp_outcome(int);
static const char *mcp_outcome_word(enum tools_outcome);

/* Once, in the parent: tool definitions and transport configuration. */
void
mcp_init(void)
{
	const struct config	*cfg;
	char			 err[TRANSPORT_ERR_MAX];

	if (tools_init() == -1)
		fatal("mcp: cannot build the tool definitions");

	cfg = app_config();
	if (transport_config_load(&mcp_cfg, mcp_getenv, cfg->public_url,
	    cfg->bind, err, sizeof(err)) == -1)
		fatal("configuration: %s", err);

	kore_log(LOG_NOTICE, "mcp: /mcp/mcp answers with %s; origins: %s%s%d "
	    "listed; Host checked: %s", mcp_cfg.sse ? "SSE" : "JSON",
	    mcp_cfg.public_origin, mcp_cfg.loopback ? ", loopback, " : ", ",
	    mcp_cfg.norigins, mcp_cfg.check_host ? "yes" : "no");
}

int
mcp_serve(struct http_request *req)
{
	struct ctx	*ctx;

	ctx = ctx_get(req);
	if (ctx->priv == NULL)
		return (mcp_start(req, ctx));

	return (mcp_run(req, ctx, ctx->priv));
}

/*
 * CORS headers for an allowed Origin (none without one): the origin
 * itself, never "*" and never an origin that is not allowed. Exposes
 * WWW-Authenticate so a browser client can follow a 401 challenge.
 */
void
mcp_cors(struct http_request *req)
{
	const char	*origin;

	if (http_request_header(req, "origin", &origin))
		mcp_cors_origin(req, origin);
}

/*
 * The transport rules, in order. Returns 0 when the request may go on
 * (version and sse_first set), -1 when it has been answered.
 */
static int
mcp_check(struct http_request *req, const char **version, int *sse_first)
{
	struct mcp_headers	h;
	char			quoted[JSONRPC_QUOTE_MAX + 1];
	char			msg[JSONRPC_MSG_MAX];

	mcp_headers(req, &h);

	if (!transport_host_allowed(&mcp_cfg, req->host)) {
		return (mcp_fail(req, HTTP_STATUS_MISDIRECTED_REQUEST,
		    JSONRPC_SERVER_ERROR, "Misdirected Request: this server "
		    "does not answer for that Host"));
	}
	if (h.norigin > 1 || (h.origin != NULL &&
	    !transport_origin_allowed(&mcp_cfg, h.origin))) {
		return (mcp_fail(req, HTTP_STATUS_FORBIDDEN,
		    JSONRPC_SERVER_ERROR, "Forbidden: Origin not allowed"));
	}
	mcp_cors_origin(req, h.origin);

	if (req->method == HTTP_METHOD_OPTIONS) {
		mcp_preflight(req, h.origin);
		return (-1);
	}
	if (req->method != HTTP_METHOD_POST) {
		http_response_header(req, "allow", MCP_ALLOW);
		return (mcp_fail(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    JSONRPC_SERVER_ERROR, "Method Not Allowed: this stateless "
		    "server takes POST only (no SSE stream, no session)"));
	}

	if (h.accept_over || transport_accept(h.accept, sse_first) == -1) {
		return (mcp_fail(req, HTTP_STATUS_NOT_ACCEPTABLE,
		    JSONRPC_SERVER_ERROR, "Not Acceptable: Accept must list "
		    "both application/json and text/event-stream"));
	}
	if (h.ncontent_type != 1 ||
	    transport_content_type(h.content_type) == -1) {
		return (mcp_fail(req, HTTP_STATUS_UNSUPPORTED_MEDIA_TYPE,
		    JSONRPC_SERVER_ERROR, "Unsupported Media Type: "
		    "Content-Type must be application/json"));
	}
	if (req->http_body_length > TRANSPORT_BODY_MAX) {
		(void)snprintf(msg, sizeof(msg), "Payload Too Large: the body "
		    "may be at most %d bytes", TRANSPORT_BODY_MAX);
		return (mcp_fail(req, HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE,
		    JSONRPC_SERVER_ERROR, msg));
	}
	if (h.nversion > 1 || (*version = protocol_version(h.version)) ==
	    NULL) {
		jsonrpc_quote(quoted, sizeof(quoted),
		    h.version != NULL ? h.version : "");
		(void)snprintf(msg, sizeof(msg), "Bad Request: unsupported "
		    "MCP-Protocol-Version: %s (supported: 2025-11-25, "
		    "2025-06-18, 2025-03-26)", h.nversion > 1 ?
		    "sent more than once" : quoted);
		return (mcp_fail(req, HTTP_STATUS_BAD_REQUEST,
		    JSONRPC_SERVER_ERROR, msg));
	}

	return (0);
}

/* First entry: transport rules, then the body's plan, then answers. */
static int
mcp_start(struct http_request *req, struct ctx *ctx)
{
	struct mcp_state	*st;
	struct jsonrpc_fault	 fault;
	const char		*version;
	u_int8_t		*body;
	size_t			 len, off;
	ssize_t			 n;
	json_t			*root;
	int			 sse_first, i;

	if (mcp_check(req, &version, &sse_first) == -1)
		return (KORE_RESULT_OK);

	len = req->http_body_length;
	body = kore_malloc(len + 1);
	for (off = 0; off < len; off += (size_t)n) {
		if ((n = http_body_read(req, body + off, len - off)) <= 0)
			break;
	}
	root = jsonrpc_parse(body, off, &fault);
	kore_free(body);
	if (root == NULL) {
		(void)mcp_fail(req, HTTP_STATUS_BAD_REQUEST, fault.code,
		    fault.msg);
		return (KORE_RESULT_OK);
	}

	st = kore_calloc(1, sizeof(*st));
	st->root = root;
	st->sse = mcp_cfg.sse || sse_first;
	ctx->priv = st;
	ctx->priv_free = mcp_state_free;

	if (protocol_plan(root, version, mcp_allowed, req, &st->plan) == -1)
		fatal("mcp: out of memory");
	mcp_note(req, st);

	switch (st->plan.status) {
	case HTTP_STATUS_ACCEPTED:
		http_response(req, HTTP_STATUS_ACCEPTED, NULL, 0);
		return (KORE_RESULT_OK);
	case HTTP_STATUS_BAD_REQUEST:
		mcp_send(req, HTTP_STATUS_BAD_REQUEST, st->plan.text != NULL ?
		    st->plan.text : st->plan.replies[0].text);
		return (KORE_RESULT_OK);
	case HTTP_STATUS_FORBIDDEN:
		/* Nothing runs when any call of the body is refused. */
		for (i = 0; i < st->plan.nreplies; i++) {
			if (st->plan.replies[i].action == PROTOCOL_FORBIDDEN)
				break;
		}
		mcp_audit(req, ctx, &st->plan.replies[i], "forbidden",
		    ctx_now_us() - ctx->start);
		authz_challenge_forbidden(req,
		    tools_name(st->plan.replies[i].call.tool));
		mcp_send(req, HTTP_STATUS_FORBIDDEN,
		    st->plan.replies[i].text);
		return (KORE_RESULT_OK);
	}

	return (mcp_run(req, ctx, st));
}

/* Run the planned tool calls in order, then answer. */
static int
mcp_run(struct http_request *req, struct ctx *ctx, struct mcp_state *st)
{
	struct protocol_reply	*r;

	for (; st->next < st->plan.nreplies; st->next++) {
		r = &st->plan.replies[st->next];
		if (r->refused != NULL)
			mcp_audit(req, ctx, r, r->refused,
			    ctx_now_us() - ctx->start);
		if (r->action != PROTOCOL_TOOL)
			continue;
		if (mcp_tool(req, ctx, st, r) == KORE_RESULT_RETRY)
			return (KORE_RESULT_RETRY);
	}

	mcp_respond(req, st);
	return (KORE_RESULT_OK);
}

/*
 * One tool call on the request's database call, set up afresh for each
 * call of a batch. RETRY while PostgreSQL works; Kore wakes the request.
 */
static int
mcp_tool(struct http_request *req, struct ctx *ctx, struct mcp_state *st,
    struct protocol_reply *r)
{
	struct db_call		*call;
	enum tools_outcome	 outcome;
	int			 i;

	if (!st->running) {
		if (ctx->db_used) {
			db_call_cleanup(&ctx->db);
			ctx->db_used = 0;
		}
		call = ctx_db(req, mcp_ops[r->call.tool]);
		for (i = 0; i < r->call.nparams; i++) {
			if (r->call.params[i].text != NULL)
				db_call_param(call, r->call.params[i].text);
			else
				db_call_param_long(call, r->call.params[i].num);
		}
		st->running = 1;
		st->started = ctx_now_us();
	}

	call = &ctx->db;
	if (db_call_run(call, req) == DB_RUN_RETRY)
		return (KORE_RESULT_RETRY);

	outcome = mcp_outcome(call->status);
	r->text = protocol_tool_reply(r, outcome, call->result);
	r->action = PROTOCOL_REPLY;
	st->running = 0;

	mcp_audit(req, ctx, r, mcp_outcome_word(outcome),
	    ctx_now_us() - st->started);

	return (KORE_RESULT_OK);
}

/* 200 with every answer, as JSON or as an SSE stream. */
static void
mcp_respond(struct http_request *req, struct mcp_state *st)
{
	char	*texts[PROTOCOL_BATCH_MAX], *body;
	size_t	 len;
	int	 i, n;

	for (i = 0, n = 0; i < st->plan.nreplies && n < PROTOCOL_BATCH_MAX;
	    i++) {
		if (st->plan.replies[i].action == PROTOCOL_REPLY)
			texts[n++] = st->plan.replies[i].text;
	}

	if ((body = transport_frame(texts, n, st->plan.batch, st->sse,
	    &len)) == NULL)
		fatal("mcp: out of memory");

	if (st->sse) {
		http_response_header(req, "content-type", "text/event-stream");
		http_response_header(req, "cache-control", "no-cache");
		http_response_header(req, "x-accel-buffering", "no");
	} else {
		http_response_header(req, "content-type", "application/json");
	}
	http_response(req, HTTP_STATUS_OK, body, len);
	free(body);
}

/*
 * Every header the endpoint uses, in one pass over the request. Repeats
 * are counted (two Origins or two versions are refused); repeated Accept
 * headers form one list, as HTTP says.
 */
static void
mcp_headers(struct http_request *req, struct mcp_headers *h)
{
	struct http_header	*hdr;
	size_t			 off, len;

	memset(h, 0, sizeof(*h));
	off = 0;

	TAILQ_FOREACH(hdr, &req->req_headers, list) {
		if (strcasecmp(hdr->header, "accept") == 0) {
			len = strlen(hdr->value);
			if (off + len + 2 > sizeof(h->accept)) {
				h->accept_over = 1;
				continue;
			}
			if (off > 0)
				h->accept[off++] = ',';
			memcpy(h->accept + off, hdr->value, len);
			off += len;
			h->accept[off] = '\0';
		} else if (strcasecmp(hdr->header, "content-type") == 0) {
			h->content_type = hdr->value;
			h->ncontent_type++;
		} else if (strcasecmp(hdr->header, "origin") == 0) {
			h->origin = hdr->value;
			h->norigin++;
		} else if (strcasecmp(hdr->header,
		    "mcp-protocol-version") == 0) {
			h->version = hdr->value;
			h->nversion++;
		}
	}
}

static void
mcp_cors_origin(struct http_request *req, const char *origin)
{
	if (origin == NULL || !transport_origin_allowed(&mcp_cfg, origin))
		return;

	http_response_header(req, "access-control-allow-origin", origin);
	http_response_header(req, "access-control-expose-headers",
	    MCP_CORS_EXPOSE);
	http_response_header(req, "vary", "Origin");
}

/* OPTIONS: a CORS preflight from an allowed origin (checked already). */
static void
mcp_preflight(struct http_request *req, const char *origin)
{
	if (origin != NULL) {
		http_response_header(req, "access-control-allow-methods",
		    MCP_CORS_METHODS);
		http_response_header(req, "access-control-allow-headers",
		    MCP_CORS_HEADERS);
		http_response_header(req, "access-control-max-age",
		    MCP_CORS_MAX_AGE);
	}
	http_response_header(req, "allow", MCP_ALLOW);
	ctx_note(req, "preflight");
	http_response(req, HTTP_STATUS_NO_CONTENT, NULL, 0);
}

/* An HTTP-level refusal with a JSON-RPC error body (id null); -1. */
static int
mcp_fail(struct http_request *req, int status, int code, const char *msg)
{
	char	*body;

	/* The log line gets the reason's name, the client the whole text. */
	ctx_note(req, "%.*s", (int)strcspn(msg, ":"), msg);
	if ((body = jsonrpc_error(NULL, code, msg)) == NULL)
		fatal("mcp: out of memory");
	mcp_send(req, status, body);
	free(body);

	return (-1);
}

static void
mcp_send(struct http_request *req, int status, const char *json)
{
	http_response_header(req, "content-type", "application/json");
	http_response(req, status, json, strlen(json));
}

static int
mcp_allowed(void *arg, const char *tool)
{
	return (authz_tool_allowed(arg, tool));
}

/*
 * The audit line of one tools/call: tool (only names this server
 * defines), the caller the gate validated (client app id and object id,
 * "anonymous" with auth off), outcome and duration. Never arguments.
 */
static void
mcp_audit(struct http_request *req, struct ctx *ctx,
    const struct protocol_reply *r, const char *outcome, u_int64_t us)
{
	char	client[MCP_LOG_ID_MAX], oid[MCP_LOG_ID_MAX];

	if (ctx->who != NULL) {
		mcp_clean(client, sizeof(client), ctx->who->client_id);
		mcp_clean(oid, sizeof(oid), ctx->who->oid);
	} else {
		(void)snprintf(client, sizeof(client), "anonymous");
		(void)snprintf(oid, sizeof(oid), "-");
	}

	kore_log(LOG_INFO, "mcp tool=%s client=%s oid=%s outcome=%s "
	    "%llu.%03llums", r->call.tool >= 0 ? tools_name(r->call.tool) :
	    "-", client, oid, outcome, (unsigned long long)(us / 1000),
	    (unsigned long long)(us % 1000));
}

/* The request log line's note: method (or tool) of a single message. */
static void
mcp_note(struct http_request *req, struct mcp_state *st)
{
	struct protocol_reply	*r;
	char			 method[JSONRPC_QUOTE_MAX + 1];

	if (st->plan.batch) {
		ctx_note(req, "batch of %d", st->plan.nreplies);
		return;
	}
	if (st->plan.nreplies == 0)
		return;

	r = &st->plan.replies[0];
	if (r->invalid || r->method == NULL) {
		ctx_note(req, "%s", r->invalid ? "invalid" : "response");
		return;
	}
	mcp_clean(method, sizeof(method), r->method);
	if (r->call.tool >= 0 && strcmp(r->method, "tools/call") == 0)
		ctx_note(req, "%s %s", method, tools_name(r->call.tool));
	else
		ctx_note(req, "%s", method);
}

/* Printable ASCII only, bounded: nothing from a client forges a line. */
static void
mcp_clean(char *dst, size_t len, const char *src)
{
	size_t	i;

	for (i = 0; src != NULL && src[i] != '\0' && i < len - 1; i++) {
		dst[i] = ((unsigned char)src[i] <= 0x20 ||
		    (unsigned char)src[i] > 0x7e) ? '?' : src[i];
	}
	if (i == 0 && len > 1)
		dst[i++] = '-';
	dst[i] = '\0';
}

static void
mcp_state_free(void *arg)
{
	struct mcp_state	*st;

	st = arg;
	protocol_plan_clear(&st->plan);
	json_decref(st->root);
	kore_free(st);
}

static const char *
mcp_getenv(const char *name)
{
	return (getenv(name));
}

static enum tools_outcome
mcp_outcome(int status)
{
	switch (status) {
	case DB_OK:
		return (TOOLS_OK);
	case DB_NOTFOUND:
		return (TOOLS_NOTFOUND);
	case DB_UNAVAILABLE:
		return (TOOLS_UNAVAILABLE);
	default:
		return (TOOLS_FAILED);
	}
}

static const char *
mcp_outcome_word(enum tools_outcome outcome)
{
	switch (outcome) {
	case TOOLS_OK:
		return ("ok");
	case TOOLS_NOTFOUND:
		return ("not-found");
	case TOOLS_UNAVAILABLE:
		return ("db-unavailable");
	default:
		return ("db-failed");
	}
}
