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
 * The auth gate: App Service Authentication (EasyAuth v2) for Entra ID,
 * in process. Algorithm and outcome table: docs/security.md.
 *
 * Processes. The parent loads the configuration and the signing keys
 * before it forks the workers, so they start with the keys. The parent
 * (not sandboxed: TLS, CA files and DNS need no seccomp exceptions)
 * also does every later fetch: a worker asks it with GATE_MSG_WANT
 * (every minute; at once for an unknown kid or when it has no keys), the
 * parent decides whether a fetch is due (hourly; unknown kid at most
 * once per 5 minutes; retries while no key is loaded), fetches, and
 * pushes the key sets to every worker with GATE_MSG_KEYS. Kore 4.1 has
 * no parent-to-worker send: the parent queues the message on each
 * worker's end of the message socket pair itself. A failed fetch keeps
 * the last good keys.
 *
 * A request whose token names an unknown kid (or that finds no keys at
 * all) waits (KORE_RESULT_RETRY) until the parent answers, up to
 * GATE_WAIT_MS, then is verified again: a key that appeared at Entra's
 * rollover is picked up without a 401. Still no key then: 401 for the
 * unknown kid, 503 when no key is loaded at all.
 */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <jansson.h>

#include "app.h"
#include "authcfg.h"
#include "ctx.h"
#include "gate.h"
#include "jwks.h"
#include "jwt.h"
#include "keyfetch.h"
#include "mcp.h"
#include "principal.h"
#include "tokcache.h"

/* Why a worker asks the parent for keys. */
#define GATE_WANT_TICK		1
#define GATE_WANT_KID		2
#define GATE_WANT_EMPTY		3
#define GATE_WANT_MAX		4

/* ctx->auth_wait */
#define GATE_WAITING		1
#define GATE_WAITED		2

/* gate_bearer() */
#define GATE_BEARER_NONE	0
#define GATE_BEARER_OK		1
#define GATE_BEARER_BAD		2
#define GATE_BEARER_MANY	3

/*
 * Kore 4.1 reads the request line and at most 23 header lines
 * (HTTP_REQ_HEADER_MAX 25, the last slot a terminator) and drops the
 * rest without a word: a request with exactly this many may have lost
 * some (an Authorization, an Origin, a Transfer-Encoding). Warned about
 * at most once a minute per worker; docs/security.md, "Tested attacks".
 */
#define GATE_KORE_HEADERS_MAX	(HTTP_REQ_HEADER_MAX - 2)
#define GATE_HEADERS_WARN_MS	60000

/* Retry-After of a 503 while no signing key is loaded. */
#define GATE_RETRY_AFTER	"10"

struct gate_want {
	u_int8_t	reason;
	u_int32_t	gen;
};

/* The signing keys in use; the workers inherit the parent's at fork. */
struct gate_keys {
	u_int32_t	 gen;			/* 0: none loaded */
	struct jwks	 set;
	char		 issuers[2][AUTHCFG_URL_MAX];
	char		*msg;		/* GATE_MSG_KEYS body */
	size_t		 msglen;
	char		*fingerprint;		/* to see changes */
};

static int		 gate_on;
static struct authcfg	 gate_cfg;
static struct gate_keys	 gate_keys;
static char		 gate_realm[AUTHCFG_URL_MAX];
static char		 gate_prm[2][AUTHCFG_URL_MAX + 64];
static char		 gate_scopes[AUTHCFG_SCOPES_TEXT_MAX];

/* Parent: when it last tried, succeeded, refreshed for an unknown kid. */
static u_int64_t	 gate_tried_at, gate_loaded_at, gate_kid_at;

/* Worker. */
static struct tokcache	 gate_cache;
static u_int64_t	 gate_epoch;	/* parent answers received */
static u_int64_t	 gate_asked_at;	/* pending question, or 0 */
static u_int64_t	 gate_last_ask[GATE_WANT_MAX];

/* How often a worker may ask for each reason (ms); the parent decides. */
static const u_int64_t	 gate_ask_every[GATE_WANT_MAX] = {
	[GATE_WANT_KID] = GATE_KID_REFRESH_SECS * 1000ULL,
	[GATE_WANT_EMPTY] = GATE_EMPTY_RETRY_SECS * 1000ULL,
};

static const char	*gate_getenv(const char *);
static void		 gate_log_config(void);
static int		 gate_fetch(const char *);
static int		 gate_install(struct keyfetch *, char *, size_t);
static void		 gate_parent_want(struct kore_msg *, const void *);
static void		 gate_parent_send(u_int16_t, int);
static void		 gate_worker_keys(struct kore_msg *, const void *);
static void		 gate_tick(void *, u_int64_t);
static void		 gate_wake(void *, u_int64_t);
static int		 gate_ask(u_int8_t);
static int		 gate_check(struct http_request *);
static void		 gate_forget(struct http_request *);
static int		 gate_framing(struct http_request *);
static int		 gate_public(struct http_request *);
static int		 gate_bearer(struct http_request *, const char **,
			    size_t *);
static int		 gate_anonymous(struct http_request *,
			    enum jwt_error);
static void		 gate_header_text(char *, size_t, const char *);

/* --- parent ----------------------------------------------------------- */

void
gate_parent_init(void)
{
	char	err[KEYFETCH_ERR_MAX];
	int	i, r;

	if (authcfg_load(&gate_cfg, gate_getenv, err, sizeof(err)) == -1)
		fatal("auth: %s", err);

	for (i = 0; i < gate_cfg.nnotes; i++)
		kore_log(LOG_NOTICE, "auth: %s", gate_cfg.notes[i]);

	if (!gate_cfg.enabled) {
		kore_log(LOG_NOTICE, "auth: off (%s)", gate_cfg.source);
		return;
	}
	gate_on = 1;

	/* OpenSSL and libcurl load their configuration here, not later. */
	if (jwt_init() == -1)
		fatal("auth: OpenSSL has no SHA-256");
	if (keyfetch_init() == -1)
		fatal("auth: libcurl initialisation failed");

	gate_log_config();

	r = gate_fetch("start");
	if (r == KEYFETCH_MISMATCH)
		fatal("auth: the OpenID metadata contradicts the configuration;"
		    " see the line above");
	if (r < 0) {
		kore_log(LOG_ERR, "auth: no signing keys yet: requests that "
		    "need them get 503 until a retry succeeds (every %d s)",
		    GATE_EMPTY_RETRY_SECS);
	}

	if (!kore_msg_register(GATE_MSG_WANT, gate_parent_want))
		fatal("auth: message id %d taken", GATE_MSG_WANT);
}

static const char *
gate_getenv(const char *name)
{
	return (getenv(name));
}

static void
gate_log_config(void)
{
	const char	*action, *url;
	size_t		 off;
	int		 i;

	url = app_config()->public_url;
	(void)snprintf(gate_realm, sizeof(gate_realm), "%s",
	    strstr(url, "://") != NULL ? strstr(url, "://") + 3 : url);
	(void)snprintf(gate_prm[0], sizeof(gate_prm[0]), "%s%s", url,
	    GATE_PRM_PATH);
	(void)snprintf(gate_prm[1], sizeof(gate_prm[1]), "%s%s", url,
	    GATE_PRM_MCP_PATH);

	off = 0;
	for (i = 0; i < gate_cfg.prm_scopes.n; i++) {
		off += (size_t)snprintf(gate_scopes + off,
		    sizeof(gate_scopes) - off, "%s%s", i > 0 ? " " : "",
		    gate_cfg.prm_scopes.v[i]);
	}

	switch (gate_cfg.action) {
	case AUTHCFG_RETURN_401:
		action = "Return401";
		break;
	case AUTHCFG_RETURN_403:
		action = "Return403";
		break;
	default:
		action = "AllowAnonymous";
		break;
	}

	kore_log(LOG_NOTICE, "auth: on (%s): tenant %s, client id %s, "
	    "%d audiences, %s, %d excluded paths, metadata from %s",
	    gate_cfg.source, gate_cfg.tenant, gate_cfg.client_id,
	    gate_cfg.audiences.n, action, gate_cfg.excluded.n,
	    gate_cfg.authority);
	kore_log(LOG_NOTICE, "auth: policy: %d allowed client applications, "
	    "%d allowed applications, %d identities, %d allowed tenants%s",
	    gate_cfg.client_apps.n, gate_cfg.applications.n,
	    gate_cfg.identities.n, gate_cfg.tenants.n,
	    gate_cfg.require_sp ? ", service principal required" : "");
	kore_log(LOG_NOTICE, "auth: app roles: every tool needs %s%s",
	    gate_cfg.default_role, gate_cfg.ntools > 0 ? ", except:" : "");
	for (i = 0; i < gate_cfg.ntools; i++)
		kore_log(LOG_NOTICE, "auth: tool %s needs %s instead",
		    gate_cfg.tools[i].name, gate_cfg.tools[i].role);
	if (gate_cfg.prm_scopes.n > 0)
		kore_log(LOG_NOTICE, "auth: protected resource metadata at %s "
		    "and %s, scopes %s", gate_prm[0], gate_prm[1], gate_scopes);
	else
		kore_log(LOG_NOTICE, "auth: no protected resource metadata "
		    "(WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES is not set)");
}

/*
 * Fetch metadata and keys; install them when they changed. Returns 1
 * (changed), 0 (same keys), KEYFETCH_FAILED or KEYFETCH_MISMATCH.
 */
static int
gate_fetch(const char *why)
{
	struct keyfetch	kf;
	char		err[KEYFETCH_ERR_MAX];
	int		r;

	gate_tried_at = kore_time_ms();
	if ((r = keyfetch_run(&gate_cfg, &kf, err, sizeof(err))) != 0) {
		kore_log(LOG_ERR, "auth: key refresh (%s) failed, %s: %s", why,
		    gate_keys.gen > 0 ? "keeping the last good keys" :
		    "no keys loaded", err);
		return (r);
	}

	r = gate_install(&kf, err, sizeof(err));
	keyfetch_clear(&kf);
	if (r == -1) {
		kore_log(LOG_ERR, "auth: key refresh (%s): %s", why, err);
		return (KEYFETCH_FAILED);
	}

	gate_loaded_at = gate_tried_at;
	if (r == 1) {
		kore_log(LOG_NOTICE, "auth: %d signing key%s loaded (%s, "
		    "generation %u), issuers %s and %s", gate_keys.set.nkeys,
		    gate_keys.set.nkeys == 1 ? "" : "s", why, gate_keys.gen,
		    gate_keys.issuers[0], gate_keys.issuers[1]);
	}

	return (r);
}

/* Make kf the parent's key set. 1: changed, 0: unchanged, -1: error. */
static int
gate_install(struct keyfetch *kf, char *err, size_t errlen)
{
	json_t	*msg;
	char	*fp, *text;
	struct jwks set;

	if ((fp = json_dumps(kf->sets, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		return (-1);
	if (gate_keys.fingerprint != NULL &&
	    strcmp(gate_keys.fingerprint, fp) == 0 &&
	    strcmp(gate_keys.issuers[0], kf->issuer_v1) == 0 &&
	    strcmp(gate_keys.issuers[1], kf->issuer_v2) == 0) {
		free(fp);
		return (0);
	}

	jwks_init(&set);
	if (keyfetch_load(kf->sets, &set, err, errlen) <= 0) {
		free(fp);
		return (-1);
	}

	msg = json_pack("{s:I, s:[s,s], s:O}", "gen",
	    (json_int_t)gate_keys.gen + 1, "issuers", kf->issuer_v1,
	    kf->issuer_v2, "sets", kf->sets);
	text = msg != NULL ? json_dumps(msg, JSON_COMPACT) : NULL;
	json_decref(msg);
	if (text == NULL || strlen(text) > GATE_MSG_MAX) {
		snprintf(err, errlen, "key sets too large to pass on");
		free(text);
		free(fp);
		jwks_clear(&set);
		return (-1);
	}

	jwks_clear(&gate_keys.set);
	gate_keys.set = set;
	gate_keys.gen++;
	(void)snprintf(gate_keys.issuers[0], AUTHCFG_URL_MAX, "%s",
	    kf->issuer_v1);
	(void)snprintf(gate_keys.issuers[1], AUTHCFG_URL_MAX, "%s",
	    kf->issuer_v2);
	free(gate_keys.msg);
	gate_keys.msg = text;
	gate_keys.msglen = strlen(text);
	free(gate_keys.fingerprint);
	gate_keys.fingerprint = fp;

	return (1);
}

/* A worker asks for keys: fetch when due, answer, push changes to all. */
static void
gate_parent_want(struct kore_msg *msg, const void *data)
{
	struct gate_want	want;
	u_int64_t		now;
	const char		*why;
	int			r;

	if (msg->length != sizeof(want))
		return;
	memcpy(&want, data, sizeof(want));

	now = kore_time_ms();
	why = NULL;
	switch (want.reason) {
	case GATE_WANT_TICK:
		if (gate_keys.gen == 0 &&
		    now - gate_tried_at >= GATE_EMPTY_RETRY_SECS * 1000ULL)
			why = "retry";
		else if (gate_keys.gen > 0 &&
		    now - gate_loaded_at >= GATE_REFRESH_SECS * 1000ULL &&
		    now - gate_tried_at >= GATE_FAIL_RETRY_SECS * 1000ULL)
			why = "hourly";
		break;
	case GATE_WANT_KID:
		if (gate_kid_at == 0 ||
		    now - gate_kid_at >= GATE_KID_REFRESH_SECS * 1000ULL) {
			gate_kid_at = now;
			why = "unknown kid";
		}
		break;
	case GATE_WANT_EMPTY:
		if (now - gate_tried_at >= GATE_EMPTY_RETRY_SECS * 1000ULL)
			why = "no keys";
		break;
	default:
		return;
	}

	r = why != NULL ? gate_fetch(why) : 0;
	if (r == 1)
		gate_parent_send(KORE_MSG_WORKER_ALL, 1);
	else if (want.gen != gate_keys.gen)
		gate_parent_send(msg->src, 1);
	else if (want.reason != GATE_WANT_TICK)
		gate_parent_send(msg->src, 0);
}

/*
 * Send GATE_MSG_KEYS (full: the key sets, else "no change") to one
 * worker or all. The parent has no kore_msg_send(): queue the message on
 * the parent's end of each worker's socket pair, as Kore itself does
 * when it forwards messages between workers.
 */
static void
gate_parent_send(u_int16_t dst, int full)
{
	struct kore_worker	*kw;
	struct kore_msg		 m;
	char			 nochange[48];
	const void		*body;
	size_t			 len;
	u_int16_t		 idx;

	if (full && gate_keys.msg != NULL) {
		body = gate_keys.msg;
		len = gate_keys.msglen;
	} else {
		len = (size_t)snprintf(nochange, sizeof(nochange),
		    "{\"gen\":%u}", gate_keys.gen);
		body = nochange;
	}

	for (idx = KORE_WORKER_BASE; idx < worker_count; idx++) {
		kw = kore_worker_data((u_int8_t)idx);
		if (!kw->running || kw->msg[0] == NULL ||
		    kw->msg[0]->hdlr_extra == NULL)
			continue;
		if (dst != KORE_MSG_WORKER_ALL && kw->id != dst)
			continue;

		memset(&m, 0, sizeof(m));
		m.id = GATE_MSG_KEYS;
		m.src = KORE_MSG_PARENT;
		m.dst = kw->id;
		m.length = len;
		net_send_queue(kw->msg[0], &m, sizeof(m));
		net_send_queue(kw->msg[0], body, len);
		net_send_flush(kw->msg[0]);
	}
}

/* --- worker ----------------------------------------------------------- */

void
gate_worker_init(void)
{
	if (!gate_on)
		return;

	/* Inherited from the parent, where it belongs. */
	kore_msg_unregister(GATE_MSG_WANT);
	if (!kore_msg_register(GATE_MSG_KEYS, gate_worker_keys))
		fatal("auth: message id %d taken", GATE_MSG_KEYS);
	(void)kore_timer_add(gate_tick, GATE_TICK_MS, NULL, 0);
}

static void
gate_tick(void *arg, u_int64_t now)
{
	(void)gate_ask(GATE_WANT_TICK);
}

/* Nothing to do: the timer only makes the event loop run the waiters. */
static void
gate_wake(void *arg, u_int64_t now)
{
}

/*
 * Ask the parent. Returns 1 when an answer is on its way (just asked,
 * or asked before and not answered yet), 0 when asking is not due.
 */
static int
gate_ask(u_int8_t reason)
{
	struct gate_want	want;
	u_int64_t		now;

	now = kore_time_ms();
	if (reason != GATE_WANT_TICK) {
		if (gate_asked_at != 0 && now - gate_asked_at < GATE_WAIT_MS)
			return (1);
		if (gate_last_ask[reason] != 0 &&
		    now - gate_last_ask[reason] < gate_ask_every[reason])
			return (0);
		gate_last_ask[reason] = now;
		gate_asked_at = now;
	}

	memset(&want, 0, sizeof(want));
	want.reason = reason;
	want.gen = gate_keys.gen;
	kore_msg_send(KORE_MSG_PARENT, GATE_MSG_WANT, &want, sizeof(want));

	return (1);
}

/* The parent's answer: new key sets, or {"gen":N} for "no change". */
static void
gate_worker_keys(struct kore_msg *msg, const void *data)
{
	json_t		*doc, *sets;
	json_error_t	 jerr;
	struct jwks	 set;
	const char	*iss[2];
	json_int_t	 gen;
	char		 err[JWKS_ERR_MAX];

	gate_epoch++;
	gate_asked_at = 0;

	if (msg->length == 0 || msg->length > GATE_MSG_MAX)
		return;
	doc = json_loadb(data, msg->length, 0, &jerr);
	if (doc == NULL) {
		kore_log(LOG_ERR, "auth: bad key message: %s", jerr.text);
		return;
	}

	gen = json_integer_value(json_object_get(doc, "gen"));
	sets = json_object_get(doc, "sets");
	iss[0] = json_string_value(json_array_get(json_object_get(doc,
	    "issuers"), 0));
	iss[1] = json_string_value(json_array_get(json_object_get(doc,
	    "issuers"), 1));
	if (sets == NULL || (u_int32_t)gen == gate_keys.gen)
		goto out;
	if (iss[0] == NULL || iss[1] == NULL) {
		kore_log(LOG_ERR, "auth: key message without issuers");
		goto out;
	}

	jwks_init(&set);
	if (keyfetch_load(sets, &set, err, sizeof(err)) <= 0) {
		kore_log(LOG_ERR, "auth: key message: %s", err);
		goto out;
	}

	jwks_clear(&gate_keys.set);
	gate_keys.set = set;
	gate_keys.gen = (u_int32_t)gen;
	(void)snprintf(gate_keys.issuers[0], AUTHCFG_URL_MAX, "%s", iss[0]);
	(void)snprintf(gate_keys.issuers[1], AUTHCFG_URL_MAX, "%s", iss[1]);
	tokcache_clear(&gate_cache);
	kore_log(LOG_NOTICE, "auth: signing keys updated (generation %u, "
	    "%d keys)", gate_keys.gen, gate_keys.set.nkeys);

out:
	json_decref(doc);
}

/*
 * The Kore validator of the "gate" authentication block (every route).
 * KORE_RESULT_OK lets the request through (ctx->who set, or NULL for an
 * anonymous request that may pass); KORE_RESULT_ERROR after a response
 * of our own; KORE_RESULT_RETRY while waiting for refreshed keys.
 * Once decided, the token is wiped from the request (gate_forget).
 */
int
gate_validate(struct http_request *req, const void *data)
{
	int	r;

	if ((r = gate_check(req)) != KORE_RESULT_RETRY)
		gate_forget(req);

	return (r);
}

static int
gate_check(struct http_request *req)
{
	struct ctx		*ctx;
	struct principal	*who;
	struct jwt_input	 in;
	const char		*tok, *desc, *scope;
	u_int8_t		 digest[TOKCACHE_DIGEST_LEN];
	enum jwt_error		 err;
	enum jwt_deny		 deny;
	size_t			 len;
	time_t			 now;
	int			 cached;

	ctx = ctx_get(req);
	if (gate_framing(req) == -1)
		return (KORE_RESULT_ERROR);
	if (!gate_on || gate_public(req))
		return (KORE_RESULT_OK);

	switch (gate_bearer(req, &tok, &len)) {
	case GATE_BEARER_NONE:
		return (gate_anonymous(req, JWT_OK));
	case GATE_BEARER_BAD:
		return (gate_anonymous(req, JWT_MALFORMED));
	case GATE_BEARER_MANY:
		ctx_note(req, "400 invalid_request: several Authorization "
		    "headers");
		gate_refuse(req, HTTP_STATUS_BAD_REQUEST, "invalid_request",
		    "more than one Authorization header", NULL);
		return (KORE_RESULT_ERROR);
	}

	/* Waiting for the parent's answer about an unknown kid. */
	if (ctx->auth_wait == GATE_WAITING) {
		if (gate_epoch == ctx->auth_epoch &&
		    kore_time_ms() < ctx->auth_deadline)
			return (KORE_RESULT_RETRY);
		ctx->auth_wait = GATE_WAITED;
	}

	now = time(NULL);
	cached = tokcache_digest(tok, len, digest) == 0;
	who = cached ? tokcache_get(&gate_cache, digest, now,
	    gate_keys.gen) : NULL;

	if (who == NULL) {
		memset(&in, 0, sizeof(in));
		in.cfg = &gate_cfg;
		in.keys = &gate_keys.set;
		in.issuers[0] = gate_keys.issuers[0];
		in.issuers[1] = gate_keys.issuers[1];
		in.now = now;

		switch ((err = jwt_verify(&in, tok, len, &who))) {
		case JWT_OK:
			if (cached)
				tokcache_put(&gate_cache, digest, who, now,
				    gate_keys.gen);
			break;
		case JWT_NO_KEYS:
		case JWT_UNKNOWN_KEY:
			if (ctx->auth_wait == 0 && gate_ask(err == JWT_NO_KEYS ?
			    GATE_WANT_EMPTY : GATE_WANT_KID)) {
				ctx->auth_wait = GATE_WAITING;
				ctx->auth_epoch = gate_epoch;
				ctx->auth_deadline = kore_time_ms() +
				    GATE_WAIT_MS;
				(void)kore_timer_add(gate_wake,
				    GATE_WAIT_MS + 10, NULL,
				    KORE_TIMER_ONESHOT);
				return (KORE_RESULT_RETRY);
			}
			if (err == JWT_UNKNOWN_KEY)
				return (gate_anonymous(req, err));
			ctx_note(req, "503 no signing keys loaded");
			http_response_header(req, "retry-after",
			    GATE_RETRY_AFTER);
			gate_refuse(req, HTTP_STATUS_SERVICE_UNAVAILABLE,
			    "temporarily_unavailable", "the signing keys are "
			    "not loaded yet", NULL);
			return (KORE_RESULT_ERROR);
		default:
			return (gate_anonymous(req, err));
		}
	}

	if ((deny = jwt_authorize(&gate_cfg, who)) != JWT_ALLOWED) {
		ctx->who = who;
		ctx_note(req, "403 %s", jwt_deny_text(deny));
		gate_refuse(req, HTTP_STATUS_FORBIDDEN, NULL,
		    jwt_deny_text(deny), NULL);
		return (KORE_RESULT_ERROR);
	}

	/*
	 * A caller that may call no tool gets nothing from the MCP endpoint:
	 * 403 up front, on initialize already (docs/security.md).
	 */
	if (gate_is_mcp_path(req->path) &&
	    !authcfg_may_call_any(&gate_cfg, who)) {
		ctx->who = who;
		if (!who->app_only && gate_cfg.prm_scopes.n > 0) {
			scope = gate_scopes;
			desc = "the token carries none of the scopes this "
			    "server accepts";
		} else {
			scope = gate_cfg.default_role;
			desc = "the caller has no app role that any tool "
			    "requires";
		}
		ctx_note(req, "403 insufficient_scope: needs %s", scope);
		gate_refuse(req, HTTP_STATUS_FORBIDDEN, "insufficient_scope",
		    desc, scope);
		return (KORE_RESULT_ERROR);
	}

	ctx->who = who;
	return (KORE_RESULT_OK);
}

/*
 * The bearer token is a credential: once the gate has decided, nothing
 * reads it again (handlers get ctx->who), so its only copy, the value in
 * Kore's request header block, is wiped rather than left in freed memory
 * for the life of the worker (a core dump, a later overread).
 */
static void
gate_forget(struct http_request *req)
{
	struct http_header	*hdr;

	TAILQ_FOREACH(hdr, &req->req_headers, list) {
		if (strcasecmp(hdr->header, "authorization") == 0)
			explicit_bzero(hdr->value, strlen(hdr->value));
	}
}

/*
 * Kore 4.1 frames a request body by its first Content-Length and ignores
 * Transfer-Encoding (it decodes no transfer coding). A proxy in front
 * that honours Transfer-Encoding (RFC 9112 section 6.3: it overrides
 * Content-Length) or the last of two Content-Length headers would read
 * another request boundary than Kore: request smuggling. So, on every
 * route and whether auth is on or not: any Transfer-Encoding is 501
 * (section 6.1), more than one Content-Length 400 (section 6.3, a MUST),
 * and the connection is closed after the answer, so no byte after it is
 * read as a request. 0 to go on, -1 after answering.
 */
static int
gate_framing(struct http_request *req)
{
	static u_int64_t	 warned;
	struct http_header	*hdr;
	const char		*why;
	int			 lengths, codings, status, n;

	lengths = codings = n = 0;
	TAILQ_FOREACH(hdr, &req->req_headers, list) {
		n++;
		if (strcasecmp(hdr->header, "content-length") == 0)
			lengths++;
		else if (strcasecmp(hdr->header, "transfer-encoding") == 0)
			codings++;
	}
	/* Host is kept out of the list; it counts against Kore's limit. */
	if (n + 1 >= GATE_KORE_HEADERS_MAX &&
	    (warned == 0 || kore_time_ms() - warned >= GATE_HEADERS_WARN_MS)) {
		warned = kore_time_ms();
		kore_log(LOG_WARNING, "a request has %d headers, Kore 4.1's "
		    "maximum: any beyond %d were not read (an "
		    "Authorization header among them looks like no token)",
		    n + 1, GATE_KORE_HEADERS_MAX);
	}
	if (codings > 0) {
		status = HTTP_STATUS_NOT_IMPLEMENTED;
		why = "{\"error\":\"invalid_request\",\"error_description\":"
		    "\"Transfer-Encoding is not supported: send the body with "
		    "Content-Length\"}";
	} else if (lengths > 1) {
		status = HTTP_STATUS_BAD_REQUEST;
		why = "{\"error\":\"invalid_request\",\"error_description\":"
		    "\"more than one Content-Length header\"}";
	} else {
		return (0);
	}

	ctx_note(req, "%d %s", status, codings > 0 ? "Transfer-Encoding" :
	    "several Content-Length headers");
	req->owner->flags |= CONN_CLOSE_EMPTY;
	http_response_header(req, "content-type", "application/json");
	http_response(req, status, why, strlen(why));

	return (-1);
}

/* Requests that pass with no token at all. */
static int
gate_public(struct http_request *req)
{
	if (gate_cfg.prm_scopes.n > 0 && (strcmp(req->path,
	    GATE_PRM_PATH) == 0 || strcmp(req->path, GATE_PRM_MCP_PATH) == 0))
		return (1);

	/* CORS preflight carries no credentials (Fetch standard). */
	if (req->method == HTTP_METHOD_OPTIONS &&
	    gate_is_mcp_path(req->path))
		return (1);

	return (authcfg_path_excluded(&gate_cfg, req->path));
}

/*
 * The bearer token of the Authorization header (RFC 6750 section 2.1),
 * scheme case-insensitive. Never from the query string or a form body.
 */
static int
gate_bearer(struct http_request *req, const char **tok, size_t *len)
{
	struct http_header	*hdr;
	const char		*v, *value, *end;
	int			 n;

	n = 0;
	value = NULL;
	TAILQ_FOREACH(hdr, &req->req_headers, list) {
		if (strcasecmp(hdr->header, "authorization") == 0) {
			value = hdr->value;
			n++;
		}
	}
	if (n == 0)
		return (GATE_BEARER_NONE);
	if (n > 1)
		return (GATE_BEARER_MANY);

	for (v = value; *v == ' ' || *v == '\t'; v++)
		;
	if (strncasecmp(v, "bearer", 6) != 0 ||
	    (v[6] != ' ' && v[6] != '\t' && v[6] != '\0'))
		return (GATE_BEARER_NONE);

	for (v += 6; *v == ' ' || *v == '\t'; v++)
		;
	end = v + strlen(v);
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == v || memchr(v, ' ', (size_t)(end - v)) != NULL ||
	    memchr(v, '\t', (size_t)(end - v)) != NULL)
		return (GATE_BEARER_BAD);

	*tok = v;
	*len = (size_t)(end - v);
	return (GATE_BEARER_OK);
}

/*
 * No valid token (err JWT_OK: none presented). EasyAuth's step 6: the
 * configured action, except that the MCP endpoint always needs a caller
 * (an anonymous request can call no tool).
 */
static int
gate_anonymous(struct http_request *req, enum jwt_error err)
{
	const char	*what;

	what = err == JWT_OK ? "no bearer token" : jwt_error_text(err);

	if (gate_cfg.action == AUTHCFG_ALLOW_ANONYMOUS &&
	    !gate_is_mcp_path(req->path)) {
		if (err != JWT_OK)
			ctx_note(req, "anonymous: token dropped (%s)", what);
		return (KORE_RESULT_OK);
	}

	if (gate_cfg.action == AUTHCFG_RETURN_403) {
		ctx_note(req, "403 unauthenticated: %s", what);
		gate_refuse(req, HTTP_STATUS_FORBIDDEN, NULL, what, NULL);
		return (KORE_RESULT_ERROR);
	}

	if (err == JWT_OK) {
		ctx_note(req, "401 no bearer token");
		gate_refuse(req, HTTP_STATUS_UNAUTHORIZED, NULL,
		    "a bearer token is required", NULL);
	} else {
		ctx_note(req, "401 invalid_token: %s", what);
		gate_refuse(req, HTTP_STATUS_UNAUTHORIZED, "invalid_token",
		    what, NULL);
	}

	return (KORE_RESULT_ERROR);
}

/* --- responses -------------------------------------------------------- */

const struct authcfg *
gate_config(void)
{
	return (gate_on ? &gate_cfg : NULL);
}

/* The PRM URL: 0 the root document, 1 the MCP endpoint's. */
const char *
gate_prm_url(int mcp)
{
	return (gate_prm[mcp ? 1 : 0]);
}

int
gate_is_mcp_path(const char *path)
{
	return (strcmp(path, GATE_MCP_PATH) == 0);
}

/*
 * The headers of every 401 and 403 (RFC 6750 section 3, MCP
 * authorization): WWW-Authenticate: Bearer realm, error and
 * error_description when there is an error, scope when one is missing,
 * resource_metadata when the PRM is served (path form for the MCP
 * endpoint, root form elsewhere); no caching; on the MCP endpoint the
 * CORS headers it gives an allowed Origin, so a browser client can read
 * the challenge (docs/mcp.md, CORS).
 */
void
gate_challenge(struct http_request *req, const char *error,
    const char *desc, const char *scope)
{
	char	hdr[GATE_CHALLENGE_MAX], text[GATE_DESC_MAX];
	char	scopes[AUTHCFG_SCOPES_TEXT_MAX];
	int	n;

	http_response_header(req, "cache-control", "no-store");
	/* A browser client may read the challenge: the MCP endpoint's CORS. */
	if (gate_is_mcp_path(req->path))
		mcp_cors(req);

	if (!gate_cfg.www_authenticate)
		return;

	n = snprintf(hdr, sizeof(hdr), "Bearer realm=\"%s\"", gate_realm);
	if (error != NULL) {
		n += snprintf(hdr + n, sizeof(hdr) - (size_t)n,
		    ", error=\"%s\"", error);
		if (desc != NULL) {
			gate_header_text(text, sizeof(text), desc);
			n += snprintf(hdr + n, sizeof(hdr) - (size_t)n,
			    ", error_description=\"%s\"", text);
		}
	}
	if (scope == NULL && gate_cfg.prm_scopes.n > 0 &&
	    (error == NULL || strcmp(error, "invalid_token") == 0))
		scope = gate_scopes;
	if (scope != NULL && (size_t)n < sizeof(hdr)) {
		gate_header_text(scopes, sizeof(scopes), scope);
		n += snprintf(hdr + n, sizeof(hdr) - (size_t)n,
		    ", scope=\"%s\"", scopes);
	}
	if (gate_cfg.prm_scopes.n > 0 && (size_t)n < sizeof(hdr)) {
		(void)snprintf(hdr + n, sizeof(hdr) - (size_t)n,
		    ", resource_metadata=\"%s\"",
		    gate_prm_url(gate_is_mcp_path(req->path)));
	}

	http_response_header(req, "www-authenticate", hdr);
}

/*
 * Answer with status and a small JSON body {"error", "error_description"}.
 * A challenge goes with 401, 400 and 403 insufficient_scope; a policy
 * 403 (EasyAuth's) and a 503 carry none.
 */
void
gate_refuse(struct http_request *req, int status, const char *error,
    const char *desc, const char *scope)
{
	json_t		*body;
	char		*text;
	const char	*name;

	if (status == HTTP_STATUS_UNAUTHORIZED ||
	    status == HTTP_STATUS_BAD_REQUEST || (error != NULL &&
	    strcmp(error, "insufficient_scope") == 0)) {
		gate_challenge(req, error, desc, scope);
	} else {
		http_response_header(req, "cache-control", "no-store");
		if (gate_is_mcp_path(req->path))
			mcp_cors(req);
	}

	switch (status) {
	case HTTP_STATUS_UNAUTHORIZED:
		name = "unauthorized";
		break;
	case HTTP_STATUS_FORBIDDEN:
		name = "forbidden";
		break;
	default:
		name = "error";
		break;
	}

	body = json_pack("{s:s, s:s}", "error", error != NULL ? error : name,
	    "error_description", desc != NULL ? desc : name);
	text = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);

	http_response_header(req, "content-type", "application/json");
	http_response(req, status, text, text != NULL ? strlen(text) : 0);
	free(text);
}

/* Text safe inside a quoted header parameter: printable, no " or \. */
static void
gate_header_text(char *out, size_t len, const char *in)
{
	size_t	i;

	for (i = 0; in[i] != '\0' && i + 1 < len; i++) {
		out[i] = (in[i] < 0x20 || in[i] > 0x7e || in[i] == '"' ||
		    in[i] == '\\') ? '?' : in[i];
	}
	out[i] = '\0';
}
