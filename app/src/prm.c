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
 * OAuth 2.0 Protected Resource Metadata (RFC 9728), served the way App
 * Service serves it when WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES is set:
 *
 *   /.well-known/oauth-protected-resource
 *	resource = the origin
 *   /.well-known/oauth-protected-resource/mcp/mcp
 *	resource = the MCP endpoint (RFC 9728 section 3.1)
 *
 * Both without a token (the gate lets them through), with CORS for
 * browser-based clients. With auth off, or the setting unset, both are
 * 404: EasyAuth owns these paths, not the app (guide test A2).
 */

#include <kore/kore.h>
#include <kore/http.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app.h"
#include "authcfg.h"
#include "ctx.h"
#include "gate.h"

/* How long clients and proxies may keep the document, in seconds. */
#define PRM_MAX_AGE	"3600"

int	prm_serve(struct http_request *);

int
prm_serve(struct http_request *req)
{
	const struct authcfg	*cfg;
	json_t			*doc, *scopes;
	char			*text, resource[CONFIG_URL_MAX + 16];
	int			 i, mcp;

	cfg = gate_config();
	if (cfg == NULL || cfg->prm_scopes.n == 0) {
		http_response_header(req, "content-type", "application/json");
		http_response(req, HTTP_STATUS_NOT_FOUND,
		    "{\"error\":\"not_found\"}", 21);
		return (KORE_RESULT_OK);
	}

	http_response_header(req, "access-control-allow-origin", "*");

	if (req->method == HTTP_METHOD_OPTIONS) {
		http_response_header(req, "access-control-allow-methods",
		    "GET, HEAD, OPTIONS");
		http_response_header(req, "access-control-allow-headers",
		    "mcp-protocol-version");
		http_response_header(req, "access-control-max-age", "86400");
		http_response(req, HTTP_STATUS_NO_CONTENT, NULL, 0);
		return (KORE_RESULT_OK);
	}

	if (req->method != HTTP_METHOD_GET && req->method != HTTP_METHOD_HEAD) {
		http_response_header(req, "allow", "GET, HEAD, OPTIONS");
		http_response(req, HTTP_STATUS_METHOD_NOT_ALLOWED, NULL, 0);
		return (KORE_RESULT_OK);
	}

	mcp = strcmp(req->path, GATE_PRM_MCP_PATH) == 0;
	(void)snprintf(resource, sizeof(resource), "%s%s",
	    app_config()->public_url, mcp ? GATE_MCP_PATH : "");

	scopes = json_array();
	for (i = 0; i < cfg->prm_scopes.n; i++)
		(void)json_array_append_new(scopes,
		    json_string(cfg->prm_scopes.v[i]));

	/* The v2 issuer: Entra's authorization server for this tenant. */
	doc = json_pack("{s:s, s:[s], s:o, s:[s]}", "resource", resource,
	    "authorization_servers", cfg->issuer_v2, "scopes_supported", scopes,
	    "bearer_methods_supported", "header");
	text = doc != NULL ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (text == NULL) {
		http_response(req, HTTP_STATUS_INTERNAL_ERROR, NULL, 0);
		return (KORE_RESULT_OK);
	}

	http_response_header(req, "content-type", "application/json");
	http_response_header(req, "cache-control", "public, max-age="
	    PRM_MAX_AGE);
	http_response(req, HTTP_STATUS_OK, text, strlen(text));
	free(text);

	return (KORE_RESULT_OK);
}
