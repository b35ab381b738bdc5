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
 * The MCP methods of a stateless tools server, for protocol versions
 * 2025-03-26, 2025-06-18 and 2025-11-25 (rules: docs/mcp.md and the
 * numbered rules it cites).
 *
 *	initialize	answers the requested version when supported, else
 *			the latest (not an error: the client decides)
 *	ping		{}
 *	tools/list	every tool the caller may call, no pagination
 *	tools/call	unknown tool: -32602 (the spec's choice); malformed
 *			params: -32602; bad arguments: an isError result
 *	prompts/list, resources/list, resources/templates/list
 *			empty, with the capabilities declared: FastMCP
 *			declares them, so clients written against it may
 *			call them
 *	anything else	-32601 (server/discover of 2026-07-28 included, so
 *			dual-era clients fall back to initialize)
 *
 * Nothing depends on an earlier request: every method works without
 * initialize, on any worker.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonrpc.h"
#include "protocol.h"
#include "tools.h"

#define PROTOCOL_INSTRUCTIONS						\
	"Restaurant reviews. list_restaurants_mcp lists the restaurants "\
	"with their ids and ratings; get_details_mcp shows one "	\
	"restaurant's reviews; create_review_mcp adds a review (1 to 5 "\
	"stars) and create_restaurant_mcp adds a restaurant."

static const char *const protocol_versions[] = {
	"2025-11-25", "2025-06-18", "2025-03-26", NULL
};

struct protocol_ctx {
	const struct jsonrpc_msg	*msg;
	int				 batched;
	tools_allowed_fn		 allowed;
	void				*arg;
	struct protocol_reply		*reply;
};

static void	protocol_handle(json_t *, int, tools_allowed_fn, void *,
		    struct protocol_reply *);
static void	protocol_initialize(struct protocol_ctx *);
static void	protocol_ping(struct protocol_ctx *);
static void	protocol_tools_list(struct protocol_ctx *);
static void	protocol_tools_call(struct protocol_ctx *);
static void	protocol_empty_list(struct protocol_ctx *);
static void	protocol_prompts_get(struct protocol_ctx *);
static void	protocol_resources_read(struct protocol_ctx *);
static int	protocol_cursor(struct protocol_ctx *);
static void	protocol_error(struct protocol_ctx *, int, const char *,
		    const char *);

static const struct {
	const char	*method;
	void		(*fn)(struct protocol_ctx *);
} protocol_methods[] = {
	{ "initialize",			protocol_initialize },
	{ "ping",			protocol_ping },
	{ "tools/list",			protocol_tools_list },
	{ "tools/call",			protocol_tools_call },
	{ "prompts/list",		protocol_empty_list },
	{ "prompts/get",		protocol_prompts_get },
	{ "resources/list",		protocol_empty_list },
	{ "resources/templates/list",	protocol_empty_list },
	{ "resources/read",		protocol_resources_read },
	{ NULL,				NULL }
};

/*
 * The version a request speaks, from its MCP-Protocol-Version header
 * (NULL: absent, so 2025-03-26 as the transport rules say). NULL when
 * the header names a version this server does not speak: 400.
 */
const char *
protocol_version(const char *header)
{
	int	i;

	if (header == NULL)
		return (PROTOCOL_ASSUMED);
	for (i = 0; protocol_versions[i] != NULL; i++) {
		if (strcmp(header, protocol_versions[i]) == 0)
			return (protocol_versions[i]);
	}

	return (NULL);
}

/* initialize: the client's version when supported, else the latest. */
const char *
protocol_negotiate(const char *requested)
{
	const char	*v;

	if (requested != NULL && (v = protocol_version(requested)) != NULL)
		return (v);

	return (PROTOCOL_LATEST);
}

/* JSON-RPC batches exist in 2025-03-26 only (removed in 2025-06-18). */
int
protocol_batches(const char *version)
{
	return (strcmp(version, "2025-03-26") == 0);
}

/*
 * Plan the answer to a request body (a message or a batch). Returns 0,
 * or -1 when out of memory.
 */
int
protocol_plan(json_t *root, const char *version, tools_allowed_fn allowed,
    void *arg, struct protocol_plan *plan)
{
	struct protocol_reply	*r;
	char			 msg[JSONRPC_MSG_MAX];
	size_t			 n, i;
	int			 answers;

	memset(plan, 0, sizeof(*plan));

	if (json_is_array(root)) {
		n = json_array_size(root);
		if (!protocol_batches(version)) {
			(void)snprintf(msg, sizeof(msg), "Invalid Request: "
			    "protocol version %s does not allow JSON-RPC "
			    "batches; send one message per request", version);
		} else if (n == 0) {
			(void)snprintf(msg, sizeof(msg),
			    "Invalid Request: the batch is empty");
		} else if (n > PROTOCOL_BATCH_MAX) {
			(void)snprintf(msg, sizeof(msg), "Invalid Request: a "
			    "batch holds at most %d messages",
			    PROTOCOL_BATCH_MAX);
		} else {
			msg[0] = '\0';
		}
		if (msg[0] != '\0') {
			plan->status = 400;
			plan->text = jsonrpc_error(NULL,
			    JSONRPC_INVALID_REQUEST, msg);
			return (plan->text != NULL ? 0 : -1);
		}
		plan->batch = 1;
	} else {
		n = 1;
	}

	if ((plan->replies = calloc(n, sizeof(*plan->replies))) == NULL)
		return (-1);
	plan->nreplies = (int)n;

	answers = 0;
	plan->status = 200;
	for (i = 0; i < n; i++) {
		r = &plan->replies[i];
		protocol_handle(plan->batch ? json_array_get(root, i) : root,
		    plan->batch, allowed, arg, r);
		if (r->action != PROTOCOL_NONE)
			answers++;
		if (r->action == PROTOCOL_FORBIDDEN)
			plan->status = 403;
		if ((r->action == PROTOCOL_REPLY ||
		    r->action == PROTOCOL_FORBIDDEN) && r->text == NULL)
			return (-1);
	}

	if (plan->status == 403)
		return (0);
	if (answers == 0)
		plan->status = 202;
	else if (!plan->batch && plan->replies[0].invalid)
		plan->status = 400;

	return (0);
}

/* What to do with one message of a body. */
static void
protocol_handle(json_t *m, int batched, tools_allowed_fn allowed, void *arg,
    struct protocol_reply *reply)
{
	struct jsonrpc_msg	msg;
	struct protocol_ctx	ctx;
	char			quoted[JSONRPC_QUOTE_MAX + 1];
	int			i;

	memset(reply, 0, sizeof(*reply));
	jsonrpc_classify(m, &msg);
	reply->id = msg.id;

	switch (msg.kind) {
	case JSONRPC_INVALID:
		reply->invalid = 1;
		reply->action = PROTOCOL_REPLY;
		reply->text = jsonrpc_error(msg.id, msg.fault.code,
		    msg.fault.msg);
		return;
	case JSONRPC_NOTIFICATION:
	case JSONRPC_RESPONSE:
		/* Accepted; never answered (a notification has no id). */
		reply->action = PROTOCOL_NONE;
		reply->method = msg.method;
		return;
	case JSONRPC_REQUEST:
		break;
	}

	reply->method = msg.method;
	ctx.msg = &msg;
	ctx.batched = batched;
	ctx.allowed = allowed;
	ctx.arg = arg;
	ctx.reply = reply;

	for (i = 0; protocol_methods[i].method != NULL; i++) {
		if (strcmp(protocol_methods[i].method, msg.method) == 0)
			break;
	}
	if (protocol_methods[i].method == NULL) {
		jsonrpc_quote(quoted, sizeof(quoted), msg.method);
		protocol_error(&ctx, JSONRPC_METHOD_NOT_FOUND,
		    "Method not found: ", quoted);
		return;
	}

	if (msg.params != NULL && !json_is_object(msg.params)) {
		protocol_error(&ctx, JSONRPC_INVALID_PARAMS,
		    "Invalid params: params must be an object", "");
		return;
	}

	protocol_methods[i].fn(&ctx);
}

/* The answer to a tools/call that ran: data is borrowed. */
char *
protocol_tool_reply(const struct protocol_reply *reply,
    enum tools_outcome outcome, json_t *data)
{
	char	*result, *s;

	if ((result = tools_result_text(&reply->call, outcome, data)) == NULL)
		return (NULL);
	s = jsonrpc_result_raw(reply->id, result);
	free(result);

	return (s);
}

void
protocol_plan_clear(struct protocol_plan *plan)
{
	int	i;

	for (i = 0; i < plan->nreplies; i++)
		free(plan->replies[i].text);
	free(plan->replies);
	free(plan->text);
	memset(plan, 0, sizeof(*plan));
}

static void
protocol_initialize(struct protocol_ctx *ctx)
{
	json_t		*v, *result;

	/* 2025-03-26 transports: initialize must not be in a batch. */
	if (ctx->batched) {
		protocol_error(ctx, JSONRPC_INVALID_REQUEST, "Invalid "
		    "Request: initialize must not be part of a batch", "");
		return;
	}

	v = ctx->msg->params != NULL ?
	    json_object_get(ctx->msg->params, "protocolVersion") : NULL;
	if (!json_is_string(v)) {
		protocol_error(ctx, JSONRPC_INVALID_PARAMS, "Invalid params: "
		    "initialize needs params.protocolVersion (a string)", "");
		return;
	}

	result = json_pack("{s:s,s:{s:{s:b},s:{s:b},s:{s:b,s:b}},"
	    "s:{s:s,s:s,s:s},s:s}",
	    "protocolVersion", protocol_negotiate(json_string_value(v)),
	    "capabilities",
	    "tools", "listChanged", 0,
	    "prompts", "listChanged", 0,
	    "resources", "subscribe", 0, "listChanged", 0,
	    "serverInfo",
	    "name", PROTOCOL_SERVER_NAME,
	    "title", PROTOCOL_SERVER_TITLE,
	    "version", PROTOCOL_SERVER_VERSION,
	    "instructions", PROTOCOL_INSTRUCTIONS);

	ctx->reply->action = PROTOCOL_REPLY;
	ctx->reply->text = jsonrpc_result(ctx->reply->id, result);
}

static void
protocol_ping(struct protocol_ctx *ctx)
{
	ctx->reply->action = PROTOCOL_REPLY;
	ctx->reply->text = jsonrpc_result_raw(ctx->reply->id, "{}");
}

static void
protocol_tools_list(struct protocol_ctx *ctx)
{
	char	*list;

	if (protocol_cursor(ctx) == -1)
		return;

	ctx->reply->action = PROTOCOL_REPLY;
	if ((list = tools_list(ctx->allowed, ctx->arg)) == NULL)
		return;
	ctx->reply->text = jsonrpc_result_raw(ctx->reply->id, list);
	free(list);
}

static void
protocol_tools_call(struct protocol_ctx *ctx)
{
	json_t		*params, *name, *args, *empty;
	char		 err[TOOLS_ERR_MAX], msg[TOOLS_ERR_MAX + 64];
	char		 quoted[JSONRPC_QUOTE_MAX + 1];
	int		 tool, rc;

	ctx->reply->call.tool = -1;
	ctx->reply->refused = "bad-params";

	params = ctx->msg->params;
	name = params != NULL ? json_object_get(params, "name") : NULL;
	if (!json_is_string(name)) {
		protocol_error(ctx, JSONRPC_INVALID_PARAMS, "Invalid params: "
		    "tools/call needs params.name, the name of a tool", "");
		return;
	}
	if ((tool = tools_find(json_string_value(name))) == -1) {
		ctx->reply->refused = "unknown-tool";
		jsonrpc_quote(quoted, sizeof(quoted),
		    json_string_value(name));
		protocol_error(ctx, JSONRPC_INVALID_PARAMS, "Unknown tool: ",
		    quoted);
		return;
	}

	ctx->reply->call.tool = tool;
	args = json_object_get(params, "arguments");
	if (args != NULL && !json_is_null(args) && !json_is_object(args)) {
		protocol_error(ctx, JSONRPC_INVALID_PARAMS, "Invalid params: "
		    "params.arguments must be an object", "");
		return;
	}

	/* Authorization first: a refused caller learns nothing more. */
	if (ctx->allowed != NULL &&
	    !ctx->allowed(ctx->arg, tools_name(tool))) {
		protocol_error(ctx, JSONRPC_SERVER_ERROR, "Forbidden: this "
		    "client may not call ", tools_name(tool));
		ctx->reply->action = PROTOCOL_FORBIDDEN;
		ctx->reply->refused = "forbidden";
		return;
	}

	empty = NULL;
	if (args == NULL || json_is_null(args))
		args = empty = json_object();
	rc = tools_prepare(tool, args, &ctx->reply->call, err, sizeof(err));
	json_decref(empty);

	if (rc == -1) {
		ctx->reply->refused = "invalid-arguments";
		(void)snprintf(msg, sizeof(msg), "Invalid arguments for %s: "
		    "%s.%s", tools_name(tool), err, tools_writes(tool) ?
		    " Nothing was saved." : "");
		ctx->reply->action = PROTOCOL_REPLY;
		ctx->reply->text = jsonrpc_result(ctx->reply->id,
		    tools_error(msg));
		return;
	}

	ctx->reply->refused = NULL;
	ctx->reply->action = PROTOCOL_TOOL;
}

/* prompts/list, resources/list, resources/templates/list: empty. */
static void
protocol_empty_list(struct protocol_ctx *ctx)
{
	const char	*result;

	if (protocol_cursor(ctx) == -1)
		return;

	if (strcmp(ctx->msg->method, "prompts/list") == 0)
		result = "{\"prompts\":[]}";
	else if (strcmp(ctx->msg->method, "resources/list") == 0)
		result = "{\"resources\":[]}";
	else
		result = "{\"resourceTemplates\":[]}";

	ctx->reply->action = PROTOCOL_REPLY;
	ctx->reply->text = jsonrpc_result_raw(ctx->reply->id, result);
}

static void
protocol_prompts_get(struct protocol_ctx *ctx)
{
	protocol_error(ctx, JSONRPC_INVALID_PARAMS,
	    "Invalid params: this server has no prompts", "");
}

static void
protocol_resources_read(struct protocol_ctx *ctx)
{
	protocol_error(ctx, JSONRPC_RESOURCE_NOT_FOUND,
	    "Resource not found: this server has no resources", "");
}

/*
 * Lists come whole, so no cursor this server handed out exists: any
 * cursor is invalid (-32602, pagination utility). 0 to go on, -1 when
 * the error is set.
 */
static int
protocol_cursor(struct protocol_ctx *ctx)
{
	json_t	*cursor;

	cursor = ctx->msg->params != NULL ?
	    json_object_get(ctx->msg->params, "cursor") : NULL;
	if (cursor == NULL || json_is_null(cursor))
		return (0);

	protocol_error(ctx, JSONRPC_INVALID_PARAMS, "Invalid params: "
	    "unknown cursor (every list is returned whole)", "");
	return (-1);
}

static void
protocol_error(struct protocol_ctx *ctx, int code, const char *msg,
    const char *detail)
{
	char	text[JSONRPC_MSG_MAX];

	(void)snprintf(text, sizeof(text), "%s%s", msg, detail);
	ctx->reply->action = PROTOCOL_REPLY;
	ctx->reply->text = jsonrpc_error(ctx->reply->id, code, text);
}
