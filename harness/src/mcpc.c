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
 * The MCP client library (mcpc.h): the client side of Streamable HTTP
 * and the initialize lifecycle, strict about what it is sent, so that a
 * scenario can say exactly how a server misbehaves.
 */

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "challenge.h"
#include "limits.h"
#include "mcpc.h"
#include "mem.h"
#include "redact.h"
#include "sse.h"

#define MCPC_USER_AGENT		"reviews-mcp-client/1"
#define MCPC_CLIENT_NAME	"reviews-mcp-client"
#define MCPC_CLIENT_VERSION	"1.0.0"
#define MCPC_ACCEPT		"application/json, text/event-stream"
#define MCPC_HEADERS_MAX	8

/* The versions this client speaks, newest first. */
static const char *mcpc_versions[] = {
	"2025-11-25", "2025-06-18", "2025-03-26", NULL
};

/* What the event stream search looks for and finds. */
struct mcpc_find {
	json_t	*id;
	json_t	*found;
	size_t	 seen;
};

static void	mcpc_fail(struct mcpc *, enum mcpc_fail, const char *,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
static void	mcpc_reset(struct mcpc *);
static const char *mcpc_reason(long);
static void	mcpc_quote(struct buf *, const char *);
static void	mcpc_body_note(const struct http_response *, struct buf *);
static void	mcpc_headers(const struct mcpc *, struct buf *, size_t *);
static int	mcpc_send(struct mcpc *, const char *, const char *,
		    const struct buf *);
static int	mcpc_sse_find(const char *, size_t, void *);
static int	mcpc_post(struct mcpc *, const char *, json_t *, int);
static int	mcpc_answer(struct mcpc *, const char *, json_t *,
		    json_t *);
static int	mcpc_session(struct mcpc *);
static int	mcpc_connected(struct mcpc *, const char *);

void
mcpc_init(struct mcpc *c, struct http *http, const char *url)
{
	memset(c, 0, sizeof(*c));
	c->http = http;
	c->url = xstrdup(url);
	c->next_id = 1;
	c->timeout_ms = HTTP_TIMEOUT_MS;
	http_response_init(&c->resp);
	buf_init(&c->err.message);
}

void
mcpc_free(struct mcpc *c)
{
	free(c->url);
	xfree_secret(c->authorization);
	free(c->negotiated);
	free(c->session);
	json_decref(c->init);
	json_decref(c->result);
	http_response_free(&c->resp);
	buf_free(&c->err.message);
	memset(c, 0, sizeof(*c));
}

/* "Bearer <token>" (or any scheme), sent on every request; NULL: none. */
void
mcpc_set_authorization(struct mcpc *c, const char *value)
{
	xfree_secret(c->authorization);
	c->authorization = value == NULL ? NULL : xstrdup(value);
}

int
mcpc_supported(const char *v)
{
	size_t	i;

	for (i = 0; mcpc_versions[i] != NULL; i++) {
		if (strcmp(mcpc_versions[i], v) == 0)
			return (1);
	}
	return (0);
}

const char *
mcpc_fail_name(enum mcpc_fail k)
{
	static const char	*names[] = { "ok", "transport", "http",
				    "protocol", "json-rpc", "tool", "usage" };

	return ((size_t)k < sizeof(names) / sizeof(names[0]) ?
	    names[k] : "?");
}

/* The message always names the operation: "tools/list: ...". */
static void
mcpc_fail(struct mcpc *c, enum mcpc_fail kind, const char *op,
    const char *fmt, ...)
{
	va_list	ap;
	char	msg[2048];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->err.kind = kind;
	buf_reset(&c->err.message);
	buf_appendf(&c->err.message, "%s: ", op);
	/* Server text can echo a token back: never print one. */
	redact_append(&c->err.message, msg, strlen(msg));
}

/* Before each operation: no error, no result. */
static void
mcpc_reset(struct mcpc *c)
{
	c->err.kind = MCPC_OK;
	c->err.status = 0;
	c->err.code = 0;
	c->err.timed_out = 0;
	buf_reset(&c->err.message);
	json_decref(c->result);
	c->result = NULL;
}

static const char *
mcpc_reason(long status)
{
	switch (status) {
	case 200:
		return ("OK");
	case 202:
		return ("Accepted");
	case 204:
		return ("No Content");
	case 301:
		return ("Moved Permanently");
	case 302:
		return ("Found");
	case 303:
		return ("See Other");
	case 307:
		return ("Temporary Redirect");
	case 400:
		return ("Bad Request");
	case 401:
		return ("Unauthorized");
	case 403:
		return ("Forbidden");
	case 404:
		return ("Not Found");
	case 405:
		return ("Method Not Allowed");
	case 406:
		return ("Not Acceptable");
	case 413:
		return ("Content Too Large");
	case 415:
		return ("Unsupported Media Type");
	case 429:
		return ("Too Many Requests");
	case 500:
		return ("Internal Server Error");
	case 502:
		return ("Bad Gateway");
	case 503:
		return ("Service Unavailable");
	case 504:
		return ("Gateway Timeout");
	default:
		return ("");
	}
}

/* A challenge parameter value, quoted when it would not read as one. */
static void
mcpc_quote(struct buf *out, const char *v)
{
	const char	*p;

	if (*v != '\0' && strpbrk(v, " \t,\"\\=") == NULL) {
		redact_append(out, v, strlen(v));
		return;
	}
	buf_appendc(out, '"');
	for (p = v; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_appendc(out, '\\');
		buf_appendc(out, *p);
	}
	buf_appendc(out, '"');
}

/* What a JSON error body says, if it says anything. */
static void
mcpc_body_note(const struct http_response *r, struct buf *out)
{
	json_t		*j, *e;
	const char	*m, *d;
	size_t		 n;

	if (r->body.len == 0)
		return;
	if ((j = json_loadb(r->body.data, r->body.len, 0, NULL)) == NULL) {
		for (n = r->body.len; n > 0 &&
		    isspace((unsigned char)r->body.data[n - 1]); n--)
			;
		buf_appends(out, "; body: ");
		redact_show(out, r->body.data, n, MCPC_SHOW_MAX);
		return;
	}
	e = json_object_get(j, "error");
	if (json_is_object(e) && (m = json_string_value(json_object_get(e,
	    "message"))) != NULL) {
		buf_appendf(out, "; JSON-RPC error %lld: ",
		    (long long)json_integer_value(json_object_get(e, "code")));
		redact_show(out, m, strlen(m), MCPC_SHOW_MAX);
	} else if ((m = json_string_value(e)) != NULL) {
		/* OAuth style, {"error", "error_description"} (RFC 6750). */
		buf_appends(out, "; body: ");
		redact_show(out, m, strlen(m), MCPC_SHOW_MAX);
		if ((d = json_string_value(json_object_get(j,
		    "error_description"))) != NULL) {
			buf_appends(out, ": ");
			redact_show(out, d, strlen(d), MCPC_SHOW_MAX);
		}
	}
	json_decref(j);
}

/*
 * "401 Unauthorized: Bearer error=invalid_token, resource_metadata=..."
 * for an answer outside 2xx: the status, the first Bearer challenge as
 * RFC 9110 11.6.1 parses it, and what a JSON error body says.
 */
void
mcpc_describe_http(const struct http_response *r, struct buf *out)
{
	struct challenges	 cs;
	const struct challenge	*ch;
	const char		*raw;
	char			 err[256];
	size_t			 i;
	int			 bad;

	buf_appendf(out, "%ld", r->status);
	if (*mcpc_reason(r->status) != '\0')
		buf_appendf(out, " %s", mcpc_reason(r->status));
	challenges_init(&cs);
	raw = NULL;
	bad = 0;
	for (i = 0; i < r->nheaders; i++) {
		if (strcasecmp(r->headers[i].name, "www-authenticate") != 0)
			continue;
		if (raw == NULL)
			raw = r->headers[i].value;
		if (!bad && challenge_parse(&cs, r->headers[i].value, err,
		    sizeof(err)) == -1)
			bad = 1;
	}
	if (!bad && (ch = challenge_find(&cs, "Bearer")) != NULL) {
		buf_appendf(out, ": %s", ch->scheme);
		for (i = 0; i < ch->nparams; i++) {
			buf_appendf(out, "%s%s=", i == 0 ? " " : ", ",
			    ch->params[i].name);
			mcpc_quote(out, ch->params[i].value);
		}
	} else if (raw != NULL) {
		buf_appends(out, ": WWW-Authenticate: ");
		redact_show(out, raw, strlen(raw), MCPC_SHOW_MAX);
		if (bad)
			buf_appendf(out, " (does not parse: %s)", err);
	}
	challenges_free(&cs);
	mcpc_body_note(r, out);
}

static void
mcpc_headers(const struct mcpc *c, struct buf *h, size_t *n)
{
	*n = 0;
	buf_appends(&h[(*n)++], "Accept: " MCPC_ACCEPT);
	buf_appends(&h[(*n)++], "Content-Type: application/json");
	buf_appends(&h[(*n)++], "User-Agent: " MCPC_USER_AGENT);
	/* MCP 2025-06-18 "Protocol Version Header": after initialize. */
	if (c->negotiated != NULL)
		buf_appendf(&h[(*n)++], "MCP-Protocol-Version: %s",
		    c->negotiated);
	if (c->session != NULL)
		buf_appendf(&h[(*n)++], "Mcp-Session-Id: %s", c->session);
	if (c->authorization != NULL)
		buf_appendf(&h[(*n)++], "Authorization: %s",
		    c->authorization);
}

/* One request with the session's headers; -1 when nothing came back. */
static int
mcpc_send(struct mcpc *c, const char *op, const char *method,
    const struct buf *body)
{
	struct http_request	 req;
	struct buf		 lines[MCPC_HEADERS_MAX];
	const char		*hl[MCPC_HEADERS_MAX];
	char			 err[512];
	size_t			 n, i;
	int			 rc;

	for (i = 0; i < MCPC_HEADERS_MAX; i++)
		buf_init(&lines[i]);
	mcpc_headers(c, lines, &n);
	for (i = 0; i < n; i++)
		hl[i] = buf_str(&lines[i]);
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.url = c->url;
	req.headers = hl;
	/* A DELETE has no body: no Content-Type either. */
	req.nheaders = n;
	if (body != NULL) {
		req.body = buf_str(body);
		req.body_len = body->len;
	}
	req.timeout_ms = c->timeout_ms;
	req.keep_head = c->keep_head;
	c->method = method;
	rc = http_send(c->http, &req, &c->resp, err, sizeof(err));
	c->err.timed_out = c->resp.timed_out;
	if (c->on_exchange != NULL)
		c->on_exchange(c->arg, method, c->url, body, &c->resp);
	if (rc == -1)
		mcpc_fail(c, MCPC_TRANSPORT, op, "%s", err);
	else
		c->err.status = c->resp.status;
	for (i = 0; i < MCPC_HEADERS_MAX; i++)
		buf_free_secret(&lines[i]);
	return (rc);
}

/* sse_messages callback: the event that answers our request id. */
static int
mcpc_sse_find(const char *data, size_t len, void *arg)
{
	struct mcpc_find	*f = arg;
	json_t			*j;

	f->seen++;
	if ((j = json_loadb(data, len, 0, NULL)) == NULL)
		return (0);
	/* Notifications and server requests may come first: skip them. */
	if (json_is_object(j) && json_equal(json_object_get(j, "id"), f->id) &&
	    (json_object_get(j, "result") != NULL ||
	    json_object_get(j, "error") != NULL)) {
		f->found = j;
		return (1);
	}
	json_decref(j);
	return (0);
}

/*
 * One JSON-RPC message in a POST. A request (notify 0) must be answered
 * 2xx with its response, as JSON or as an event stream (Streamable HTTP
 * "Sending Messages to the Server"); a notification with 202 Accepted.
 * On 0, c->result holds the JSON-RPC result object.
 */
static int
mcpc_post(struct mcpc *c, const char *method, json_t *params, int notify)
{
	struct buf		 body;
	struct mcpc_find	 f;
	const char		*ct;
	json_t			*msg, *id;
	json_error_t		 je;
	char			*s;
	int			 rc;

	rc = -1;
	id = NULL;
	memset(&f, 0, sizeof(f));
	buf_init(&body);
	mcpc_reset(c);

	msg = json_object();
	json_object_set_new(msg, "jsonrpc", json_string("2.0"));
	if (!notify) {
		id = json_integer(c->next_id++);
		json_object_set(msg, "id", id);
	}
	json_object_set_new(msg, "method", json_string(method));
	if (params != NULL)
		json_object_set(msg, "params", params);
	s = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	buf_appends(&body, s);
	free(s);

	if (mcpc_send(c, method, "POST", &body) == -1)
		goto out;
	if (c->resp.status < 200 || c->resp.status > 299) {
		buf_reset(&body);
		mcpc_describe_http(&c->resp, &body);
		mcpc_fail(c, MCPC_HTTP, method, "%s", buf_str(&body));
		goto out;
	}
	if (notify) {
		if (c->resp.status != 202) {
			mcpc_fail(c, MCPC_PROTOCOL, method, "a notification "
			    "must be answered 202 Accepted, got %ld",
			    c->resp.status);
			goto out;
		}
		rc = 0;
		goto out;
	}

	ct = http_header(&c->resp, "content-type");
	if (ct != NULL && strncasecmp(ct, "application/json", 16) == 0 &&
	    strchr("; \t", ct[16]) != NULL) {
		if ((f.found = json_loadb(c->resp.body.data, c->resp.body.len,
		    0, &je)) == NULL) {
			mcpc_fail(c, MCPC_PROTOCOL, method, "the answer is "
			    "not JSON: %s", je.text);
			goto out;
		}
	} else if (ct != NULL && strncasecmp(ct, "text/event-stream",
	    17) == 0 && strchr("; \t", ct[17]) != NULL) {
		f.id = id;
		sse_messages(c->resp.body.data, c->resp.body.len,
		    mcpc_sse_find, &f);
		if (f.found == NULL) {
			mcpc_fail(c, MCPC_PROTOCOL, method, "the event stream "
			    "holds no response to request id %lld (%zu "
			    "complete message event%s)",
			    (long long)json_integer_value(id), f.seen,
			    f.seen == 1 ? "" : "s");
			goto out;
		}
	} else {
		mcpc_fail(c, MCPC_PROTOCOL, method, "the answer's "
		    "Content-Type is %s, not application/json or "
		    "text/event-stream", ct == NULL ? "missing" : ct);
		goto out;
	}
	rc = mcpc_answer(c, method, id, f.found);
	f.found = NULL;
out:
	json_decref(f.found);
	json_decref(id);
	buf_free_secret(&body);
	return (rc);
}

/*
 * The JSON-RPC 2.0 response envelope (section 5): "jsonrpc": "2.0", the
 * request's id with its type, exactly one of result and error, an error
 * with an integer code and a message. Takes msg.
 */
static int
mcpc_answer(struct mcpc *c, const char *method, json_t *id, json_t *msg)
{
	json_t		*res, *e, *code;
	const char	*m, *v;
	char		*s;
	int		 rc;

	rc = -1;
	if (!json_is_object(msg)) {
		mcpc_fail(c, MCPC_PROTOCOL, method, "the answer is not one "
		    "JSON-RPC object%s", json_is_array(msg) ?
		    " (a batch array)" : "");
		goto out;
	}
	v = json_string_value(json_object_get(msg, "jsonrpc"));
	if (v == NULL || strcmp(v, "2.0") != 0) {
		mcpc_fail(c, MCPC_PROTOCOL, method, "the answer's jsonrpc is "
		    "not \"2.0\"");
		goto out;
	}
	if (!json_equal(json_object_get(msg, "id"), id)) {
		s = json_object_get(msg, "id") == NULL ? NULL :
		    json_dumps(json_object_get(msg, "id"), JSON_ENCODE_ANY);
		mcpc_fail(c, MCPC_PROTOCOL, method, "the answer's id %.40s "
		    "is not the request's id %lld", s == NULL ? "(none)" : s,
		    (long long)json_integer_value(id));
		free(s);
		goto out;
	}
	res = json_object_get(msg, "result");
	e = json_object_get(msg, "error");
	if ((res == NULL) == (e == NULL)) {
		mcpc_fail(c, MCPC_PROTOCOL, method, "the answer must hold "
		    "exactly one of result and error");
		goto out;
	}
	if (e != NULL) {
		code = json_object_get(e, "code");
		m = json_string_value(json_object_get(e, "message"));
		if (!json_is_object(e) || !json_is_integer(code) ||
		    m == NULL) {
			mcpc_fail(c, MCPC_PROTOCOL, method, "the error object "
			    "needs an integer code and a string message");
			goto out;
		}
		c->result = json_incref(e);
		c->err.code = json_integer_value(code);
		mcpc_fail(c, MCPC_RPC, method, "JSON-RPC error %lld: %.*s",
		    c->err.code, MCPC_SHOW_MAX, m);
		goto out;
	}
	if (!json_is_object(res)) {
		mcpc_fail(c, MCPC_PROTOCOL, method, "the result is not an "
		    "object");
		goto out;
	}
	c->result = json_incref(res);
	rc = 0;
out:
	json_decref(msg);
	return (rc);
}

/*
 * Mcp-Session-Id from the initialize answer. A stateless server sends
 * none; one that does gets it back on every request (Streamable HTTP
 * "Session Management": visible ASCII, 0x21 to 0x7E).
 */
static int
mcpc_session(struct mcpc *c)
{
	const char	*v, *p;

	free(c->session);
	c->session = NULL;
	if ((v = http_header(&c->resp, "mcp-session-id")) == NULL)
		return (0);
	for (p = v; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
			break;
	}
	if (*v == '\0' || *p != '\0' || p - v > MCPC_SESSION_ID_MAX) {
		mcpc_fail(c, MCPC_PROTOCOL, "initialize", "Mcp-Session-Id "
		    "must be 1 to %d visible ASCII characters",
		    MCPC_SESSION_ID_MAX);
		return (-1);
	}
	c->session = xstrdup(v);
	return (0);
}

/* Requests after initialize need a session: -1 (MCPC_USAGE) without. */
static int
mcpc_connected(struct mcpc *c, const char *op)
{
	if (c->negotiated != NULL)
		return (0);
	mcpc_reset(c);
	mcpc_fail(c, MCPC_USAGE, op, "not connected (connect first)");
	return (-1);
}

/*
 * initialize (asking for version, NULL: the latest this client speaks),
 * then notifications/initialized. The server's choice must be a version
 * this client speaks (Lifecycle "Version Negotiation": else the client
 * SHOULD disconnect). c->result is the initialize result.
 */
int
mcpc_connect(struct mcpc *c, const char *version)
{
	json_t		*params, *info;
	const char	*v;

	free(c->negotiated);
	c->negotiated = NULL;
	free(c->session);
	c->session = NULL;
	json_decref(c->init);
	c->init = NULL;
	if (version == NULL)
		version = MCPC_VERSION_LATEST;

	params = json_pack("{s:s, s:{}, s:{s:s, s:s}}", "protocolVersion",
	    version, "capabilities", "clientInfo", "name", MCPC_CLIENT_NAME,
	    "version", MCPC_CLIENT_VERSION);
	if (params == NULL)
		fatal("json_pack failed");
	if (mcpc_post(c, "initialize", params, 0) == -1) {
		json_decref(params);
		return (-1);
	}
	json_decref(params);
	v = json_string_value(json_object_get(c->result, "protocolVersion"));
	if (v == NULL) {
		mcpc_fail(c, MCPC_PROTOCOL, "initialize", "the result has no "
		    "protocolVersion");
		return (-1);
	}
	if (!mcpc_supported(v)) {
		mcpc_fail(c, MCPC_PROTOCOL, "initialize", "the server chose "
		    "protocol version '%.40s', which this client does not "
		    "speak (2025-03-26, 2025-06-18, 2025-11-25)", v);
		return (-1);
	}
	info = json_object_get(c->result, "serverInfo");
	if (!json_is_object(json_object_get(c->result, "capabilities")) ||
	    !json_is_string(json_object_get(info, "name"))) {
		mcpc_fail(c, MCPC_PROTOCOL, "initialize", "the result needs "
		    "capabilities and serverInfo.name");
		return (-1);
	}
	if (mcpc_session(c) == -1)
		return (-1);
	c->negotiated = xstrdup(v);
	c->init = json_incref(c->result);
	if (mcpc_post(c, "notifications/initialized", NULL, 1) == -1)
		return (-1);
	c->result = json_incref(c->init);
	return (0);
}

/*
 * tools/list, following nextCursor (bounded): c->result holds every
 * tool in one "tools" array.
 */
int
mcpc_list_tools(struct mcpc *c)
{
	json_t		*all, *params, *tools, *t;
	const char	*cursor;
	size_t		 pages, i;
	int		 rc;

	if (mcpc_connected(c, "tools/list") == -1)
		return (-1);
	rc = -1;
	all = json_array();
	params = NULL;
	for (pages = 1;; pages++) {
		if (mcpc_post(c, "tools/list", params, 0) == -1)
			goto out;
		tools = json_object_get(c->result, "tools");
		if (!json_is_array(tools)) {
			mcpc_fail(c, MCPC_PROTOCOL, "tools/list", "the result "
			    "has no tools array");
			goto out;
		}
		json_array_foreach(tools, i, t)
			json_array_append(all, t);
		cursor = json_string_value(json_object_get(c->result,
		    "nextCursor"));
		if (cursor == NULL)
			break;
		if (pages == MCPC_PAGES_MAX) {
			mcpc_fail(c, MCPC_PROTOCOL, "tools/list", "more than "
			    "%d pages", MCPC_PAGES_MAX);
			goto out;
		}
		json_decref(params);
		params = json_pack("{s:s}", "cursor", cursor);
	}
	if (pages > 1) {
		t = json_copy(c->result);
		json_object_set(t, "tools", all);
		json_object_del(t, "nextCursor");
		json_decref(c->result);
		c->result = t;
	}
	rc = 0;
out:
	json_decref(params);
	json_decref(all);
	return (rc);
}

/*
 * tools/call name with args (an object, NULL: {}). A result with
 * isError true is a failure of kind MCPC_TOOL whose message is the
 * tool's text; c->result still holds the result.
 */
int
mcpc_call(struct mcpc *c, const char *name, json_t *args)
{
	json_t		*params, *content, *b;
	const char	*text;
	size_t		 i;
	int		 rc;

	if (mcpc_connected(c, "tools/call") == -1)
		return (-1);
	if (args != NULL)
		params = json_pack("{s:s, s:O}", "name", name, "arguments",
		    args);
	else
		params = json_pack("{s:s, s:{}}", "name", name, "arguments");
	if (params == NULL)
		fatal("json_pack failed");
	rc = mcpc_post(c, "tools/call", params, 0);
	json_decref(params);
	if (rc == -1)
		return (-1);
	/* Tools "Tool Result": content is required. */
	content = json_object_get(c->result, "content");
	if (!json_is_array(content)) {
		mcpc_fail(c, MCPC_PROTOCOL, "tools/call", "the result has no "
		    "content array");
		return (-1);
	}
	if (json_is_true(json_object_get(c->result, "isError"))) {
		text = NULL;
		json_array_foreach(content, i, b) {
			if ((text = json_string_value(json_object_get(b,
			    "text"))) != NULL)
				break;
		}
		mcpc_fail(c, MCPC_TOOL, "tools/call", "%s reported an error: "
		    "%.*s", name, MCPC_SHOW_MAX, text == NULL ? "(no text)" :
		    text);
		return (-1);
	}
	return (0);
}

/*
 * The end of the session: with a session id the client SHOULD send a
 * DELETE (Streamable HTTP "Session Management"; 405 means the server
 * does not allow that). A stateless session needs nothing on the wire.
 */
int
mcpc_close(struct mcpc *c)
{
	int	rc;

	mcpc_reset(c);
	rc = 0;
	if (c->session != NULL) {
		if (mcpc_send(c, "DELETE", "DELETE", NULL) == -1)
			rc = -1;
		else if (c->resp.status != 405 && (c->resp.status < 200 ||
		    c->resp.status > 299)) {
			mcpc_fail(c, MCPC_HTTP, "DELETE", "%ld",
			    c->resp.status);
			rc = -1;
		}
	}
	free(c->negotiated);
	c->negotiated = NULL;
	free(c->session);
	c->session = NULL;
	return (rc);
}
