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

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "form.h"
#include "mem.h"
#include "redact.h"
#include "tokens.h"

#define WRONG_AUDIENCE		"https://management.azure.com"
/*
 * Against a deployment, tokens got elsewhere (az account
 * get-access-token): for `valid` when the valid client has no secret, and
 * for `wrong-audience` first.
 */
#define ENV_VALID_TOKEN		"MCP_TOKEN"
#define ENV_WRONG_AUD_TOKEN	"MCP_WRONG_AUD_TOKEN"

static time_t	tokens_now(const struct tokens *);
static int	tokens_mint(struct tokens *, struct mint_key *, const char *,
		    int, struct buf *, char *, size_t);

void
tokens_init(struct tokens *t, struct settings *set, struct http *http,
    settings_getenv_fn env)
{
	memset(t, 0, sizeof(*t));
	t->set = set;
	t->http = http;
	t->env = env;
}

/* The local signing key, when one is configured: makes `needs local`. */
int
tokens_load_local(struct tokens *t, char *err, size_t errlen)
{
	if (t->set->signing_key == NULL)
		return (0);
	if (mint_key_load(&t->local, t->set->signing_key,
	    t->set->signing_kid, err, errlen) == -1)
		return (-1);
	t->have_local = 1;
	return (0);
}

void
tokens_free(struct tokens *t)
{
	size_t	i;

	if (t->have_local)
		mint_key_free(&t->local);
	if (t->have_fake)
		mint_key_free(&t->fake);
	for (i = 0; i < t->ncache; i++) {
		free(t->cache[i].client);
		free(t->cache[i].scope);
		xfree_secret(t->cache[i].token);
	}
	memset(t, 0, sizeof(*t));
}

static time_t
tokens_now(const struct tokens *t)
{
	return (t->now != 0 ? t->now : time(NULL));
}

/*
 * Mint with key. For the fake source, values that are not configured
 * become random GUIDs: the token stays plausible and trusted by nobody.
 */
static int
tokens_mint(struct tokens *t, struct mint_key *key, const char *ov,
    int fake, struct buf *out, char *err, size_t errlen)
{
	struct mint_defaults	 d;
	struct client_def	*cd;
	char			 g[4][40];
	int			 i;

	memset(&d, 0, sizeof(d));
	d.tenant = t->set->tenant;
	d.client_id = t->set->client_id;
	d.api_uri = t->set->api_uri;
	if ((cd = settings_client(t->set, t->set->valid_client, 0)) !=
	    NULL) {
		d.azp = cd->app_id;
		d.oid = cd->object_id;
	}
	if (fake) {
		for (i = 0; i < 4; i++)
			mint_random_guid(g[i], sizeof(g[i]));
		if (d.tenant == NULL)
			d.tenant = g[0];
		if (d.client_id == NULL)
			d.client_id = g[1];
		if (d.api_uri == NULL)
			d.api_uri = d.client_id;
		if (d.azp == NULL)
			d.azp = g[2];
		if (d.oid == NULL)
			d.oid = g[3];
	}
	return (mint_token(key, &d, ov, tokens_now(t), out, err, errlen));
}

/*
 * An Entra token endpoint's answer: 200 with {"access_token": ...,
 * "token_type": "Bearer", ...}, or an error object {"error": ...,
 * "error_description": ...} (Microsoft identity platform, OAuth 2.0
 * client credentials flow; RFC 6749 5.1/5.2).
 */
int
tokens_parse_response(long status, const char *body, size_t len,
    struct buf *token, char *err, size_t errlen)
{
	json_t		*j;
	json_error_t	 je;
	const char	*at, *tt, *e, *d;
	size_t		 dlen;
	int		 rc;

	rc = -1;
	if ((j = json_loadb(body, len, 0, &je)) == NULL ||
	    !json_is_object(j)) {
		snprintf(err, errlen, "token endpoint answered %ld without "
		    "a JSON object", status);
		goto out;
	}
	e = json_string_value(json_object_get(j, "error"));
	if (status != 200 || e != NULL) {
		d = json_string_value(json_object_get(j,
		    "error_description"));
		/* Entra's descriptions run over lines: the first is enough. */
		dlen = d == NULL ? 0 : strcspn(d, "\r\n");
		snprintf(err, errlen, "token endpoint answered %ld: %s%s%.*s",
		    status, e != NULL ? e : "no error code",
		    d != NULL ? ": " : "", (int)(dlen > 200 ? 200 : dlen),
		    d != NULL ? d : "");
		goto out;
	}
	at = json_string_value(json_object_get(j, "access_token"));
	tt = json_string_value(json_object_get(j, "token_type"));
	if (at == NULL || *at == '\0') {
		snprintf(err, errlen, "token endpoint answered 200 without "
		    "access_token");
		goto out;
	}
	if (tt == NULL || strcasecmp(tt, "Bearer") != 0) {
		snprintf(err, errlen, "token endpoint answered token_type "
		    "'%.20s', not Bearer", tt == NULL ? "" : tt);
		goto out;
	}
	if (strlen(at) > TOKEN_LEN_MAX) {
		snprintf(err, errlen, "access_token over %d bytes",
		    TOKEN_LEN_MAX);
		goto out;
	}
	buf_reset(token);
	buf_appends(token, at);
	rc = 0;
out:
	json_decref(j);
	return (rc);
}

/* client_credentials as client for scope, cached for the run. */
int
tokens_client_credentials(struct tokens *t, const char *client,
    const char *scope, struct buf *token, char *err, size_t errlen)
{
	struct client_def	*cd;
	struct http_request	 req;
	struct http_response	 resp;
	struct buf		 url, form;
	const char		*hdrs[2];
	char			*secret, herr[512], up[40];
	size_t			 i;
	int			 rc;

	for (i = 0; i < t->ncache; i++) {
		if (strcmp(t->cache[i].client, client) == 0 &&
		    strcmp(t->cache[i].scope, scope) == 0) {
			buf_reset(token);
			buf_appends(token, t->cache[i].token);
			return (0);
		}
	}
	if ((cd = settings_client(t->set, client, 0)) == NULL ||
	    cd->app_id == NULL) {
		snprintf(err, errlen, "client '%s' has no app id (--directory "
		    "or client.%s.id in --config)", client, client);
		return (-1);
	}
	if (t->set->tenant == NULL) {
		snprintf(err, errlen, "no tenant configured for the token "
		    "endpoint");
		return (-1);
	}
	if ((secret = settings_secret(t->set, client, t->env)) == NULL) {
		for (i = 0; client[i] != '\0' && i < sizeof(up) - 1; i++)
			up[i] = (char)toupper((unsigned char)client[i]);
		up[i] = '\0';
		snprintf(err, errlen, "no secret for client '%s': set "
		    "SCENARIO_CLIENT_SECRET_%s (or --directory locally; "
		    "for token valid, " ENV_VALID_TOKEN " also does)", client,
		    up);
		return (-1);
	}
	redact_add(secret);

	rc = -1;
	buf_init(&url);
	buf_init(&form);
	http_response_init(&resp);
	buf_appendf(&url, "%s/%s/oauth2/v2.0/token", t->set->authority,
	    t->set->tenant);
	form_add(&form, "grant_type", "client_credentials");
	form_add(&form, "client_id", cd->app_id);
	form_add(&form, "client_secret", secret);
	form_add(&form, "scope", scope);
	xfree_secret(secret);
	hdrs[0] = "Content-Type: application/x-www-form-urlencoded";
	hdrs[1] = "Accept: application/json";
	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.url = buf_str(&url);
	req.headers = hdrs;
	req.nheaders = 2;
	req.body = form.data;
	req.body_len = form.len;
	if (http_send(t->http, &req, &resp, herr, sizeof(herr)) == -1) {
		snprintf(err, errlen, "token endpoint: %s", herr);
		goto out;
	}
	if (tokens_parse_response(resp.status, resp.body.data, resp.body.len,
	    token, herr, sizeof(herr)) == -1) {
		snprintf(err, errlen, "client '%s' at %s: %s", client,
		    buf_str(&url), herr);
		goto out;
	}
	redact_add(buf_str(token));
	if (t->ncache < TOKEN_CACHE_MAX) {
		t->cache[t->ncache].client = xstrdup(client);
		t->cache[t->ncache].scope = xstrdup(scope);
		t->cache[t->ncache].token = xstrdup(buf_str(token));
		t->ncache++;
	}
	rc = 0;
out:
	buf_free(&url);
	buf_free_secret(&form);
	http_response_free(&resp);
	return (rc);
}

/*
 * The Authorization header value for a token source (variables already
 * expanded). *send is 0 for `none`.
 */
int
tokens_header(struct tokens *t, const char *source, struct buf *out,
    int *send, char *err, size_t errlen)
{
	struct buf	 tok, scope;
	const char	*arg, *v;
	char		 kind[32], ov[64], merr[256], *secret;
	size_t		 n;
	int		 rc;

	*send = 0;
	secret = NULL;
	buf_reset(out);
	rc = -1;
	buf_init(&tok);
	buf_init(&scope);
	while (isspace((unsigned char)*source))
		source++;
	n = strcspn(source, " \t");
	if (n >= sizeof(kind)) {
		snprintf(err, errlen, "unknown token source");
		return (-1);
	}
	memcpy(kind, source, n);
	kind[n] = '\0';
	for (arg = source + n; isspace((unsigned char)*arg); arg++)
		;

	if (strcmp(kind, "none") == 0) {
		rc = 0;
		goto out;
	} else if (strcmp(kind, "raw") == 0) {
		buf_appends(&tok, arg);
	} else if (strcmp(kind, "header") == 0) {
		redact_add(arg);
		buf_appends(out, arg);
		*send = 1;
		rc = 0;
		goto out;
	} else if (strcmp(kind, "env") == 0) {
		if ((v = t->env(arg)) == NULL || *v == '\0') {
			snprintf(err, errlen, "token env %s: the variable is "
			    "not set", arg);
			goto out;
		}
		buf_appends(&tok, v);
	} else if (strcmp(kind, "fake") == 0) {
		if (!t->have_fake) {
			if (mint_key_generate(&t->fake, merr,
			    sizeof(merr)) == -1) {
				snprintf(err, errlen, "token fake: %s", merr);
				goto out;
			}
			t->have_fake = 1;
		}
		if (tokens_mint(t, &t->fake, arg, 1, &tok, err,
		    errlen) == -1)
			goto out;
	} else if (strcmp(kind, "minted") == 0) {
		if (!t->have_local) {
			snprintf(err, errlen, "token minted: no local signing "
			    "key (signing_key, signing_kid)");
			goto out;
		}
		if (tokens_mint(t, &t->local, arg, 0, &tok, err,
		    errlen) == -1)
			goto out;
	} else if (strcmp(kind, "wrong-audience") == 0) {
		if ((v = t->env(ENV_WRONG_AUD_TOKEN)) != NULL && *v != '\0') {
			buf_appends(&tok, v);
		} else if (t->have_local) {
			snprintf(ov, sizeof(ov), "aud=%s", WRONG_AUDIENCE);
			if (tokens_mint(t, &t->local, ov, 0, &tok, err,
			    errlen) == -1)
				goto out;
		} else {
			buf_appendf(&scope, "%s/.default", WRONG_AUDIENCE);
			if (tokens_client_credentials(t, t->set->valid_client,
			    buf_str(&scope), &tok, err, errlen) == -1)
				goto out;
		}
	} else if (strcmp(kind, "valid") == 0 && (secret = settings_secret(
	    t->set, t->set->valid_client, t->env)) == NULL &&
	    (v = t->env(ENV_VALID_TOKEN)) != NULL && *v != '\0') {
		buf_appends(&tok, v);
	} else if (strcmp(kind, "valid") == 0 || strcmp(kind, "client") == 0) {
		xfree_secret(secret);
		secret = NULL;
		if (t->set->api_uri == NULL) {
			snprintf(err, errlen, "token %s: no api_uri or "
			    "client_id configured", kind);
			goto out;
		}
		buf_appendf(&scope, "%s/.default", t->set->api_uri);
		if (tokens_client_credentials(t, kind[0] == 'v' ?
		    t->set->valid_client : arg, buf_str(&scope), &tok, err,
		    errlen) == -1)
			goto out;
	} else {
		snprintf(err, errlen, "unknown token source '%s'", kind);
		goto out;
	}
	redact_add(buf_str(&tok));
	buf_appendf(out, "Bearer %s", buf_str(&tok));
	*send = 1;
	rc = 0;
out:
	xfree_secret(secret);
	buf_free_secret(&tok);
	buf_free(&scope);
	return (rc);
}
