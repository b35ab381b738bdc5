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

#include <kore/kore.h>
#include <kore/http.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ctx.h"

static void	ctx_free(struct http_request *);
static void	ctx_log(struct http_request *, struct ctx *);
static void	ctx_clean(char *, size_t, const char *);
static void	ctx_redact(char *, size_t);

struct ctx *
ctx_get(struct http_request *req)
{
	struct ctx	*ctx;

	if ((ctx = http_state_get(req)) != NULL)
		return (ctx);

	ctx = http_state_create(req, sizeof(*ctx), ctx_free);
	ctx->start = ctx_now_us();

	return (ctx);
}

/* A short word on the outcome for the log line (never a secret). */
void
ctx_note(struct http_request *req, const char *fmt, ...)
{
	struct ctx	*ctx;
	va_list		 ap;

	ctx = ctx_get(req);
	va_start(ap, fmt);
	(void)vsnprintf(ctx->note, sizeof(ctx->note), fmt, ap);
	va_end(ap);
}

/* The request's database call, set up for op on first use. */
struct db_call *
ctx_db(struct http_request *req, enum db_op op)
{
	struct ctx	*ctx;

	ctx = ctx_get(req);
	if (!ctx->db_used) {
		db_call_init(&ctx->db, op);
		ctx->db_used = 1;
	}

	return (&ctx->db);
}

u_int64_t
ctx_now_us(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((u_int64_t)ts.tv_sec * 1000000 + (u_int64_t)ts.tv_nsec / 1000);
}

/* Kore may call onfree twice when tasks are still pending: once only. */
static void
ctx_free(struct http_request *req)
{
	struct ctx	*ctx;

	if ((ctx = http_state_get(req)) == NULL || ctx->freed)
		return;
	ctx->freed = 1;

	ctx_log(req, ctx);

	if (ctx->db_used)
		db_call_cleanup(&ctx->db);
	if (ctx->priv != NULL && ctx->priv_free != NULL)
		ctx->priv_free(ctx->priv);
	principal_release(ctx->who);
	ctx->who = NULL;
}

/*
 * One line per request: method, path, status, duration, the caller the
 * gate validated (client id and oid, never the token), outcome note.
 * The path is cut and stripped of control characters so a request cannot
 * forge log lines; the query string is never logged (it could hold a
 * token someone put there by mistake), and a token in the path is cut
 * out (ctx_redact).
 */
static void
ctx_log(struct http_request *req, struct ctx *ctx)
{
	char		 path[CTX_LOG_PATH_MAX + 4];
	char		 who[2 * PRINCIPAL_ID_MAX];
	char		 client[PRINCIPAL_ID_MAX], oid[PRINCIPAL_ID_MAX];
	u_int64_t	 us;

	ctx_clean(path, sizeof(path), req->path);
	ctx_redact(path, sizeof(path));
	who[0] = '\0';
	if (ctx->who != NULL) {
		ctx_clean(client, sizeof(client), ctx->who->client_id);
		ctx_clean(oid, sizeof(oid), ctx->who->oid);
		(void)snprintf(who, sizeof(who), " client=%.64s oid=%.64s",
		    client[0] != '\0' ? client : "-",
		    oid[0] != '\0' ? oid : "-");
	}

	us = ctx_now_us() - ctx->start;
	kore_log(LOG_INFO, "%s %s %d %llu.%03llums%s%s%s",
	    http_method_text(req->method), path, req->status,
	    (unsigned long long)(us / 1000), (unsigned long long)(us % 1000),
	    who, ctx->note[0] != '\0' ? " " : "", ctx->note);
}

/* Printable ASCII only, cut with "..." to fit len. */
static void
ctx_clean(char *out, size_t len, const char *in)
{
	const char	*p;
	size_t		 i;

	i = 0;
	for (p = in; p != NULL && *p != '\0' && i + 4 < len; p++) {
		out[i++] = ((unsigned char)*p < 0x21 ||
		    (unsigned char)*p > 0x7e) ? '?' : *p;
	}
	if (p != NULL && *p != '\0') {
		out[i++] = '.';
		out[i++] = '.';
		out[i++] = '.';
	}
	out[i] = '\0';
}

/*
 * A path that holds a JWT (every one starts with "eyJ", base64url of
 * '{"'), e.g. a client that appended its token to the URL, is logged
 * up to it: even a cut token gives away its claims.
 */
static void
ctx_redact(char *path, size_t len)
{
	char	*p;

	if ((p = strstr(path, "eyJ")) != NULL)
		(void)snprintf(p, len - (size_t)(p - path), "<redacted>");
}
