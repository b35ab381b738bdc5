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
 * Entra's wire shapes: URL layout, error documents, metadata documents.
 *
 * The metadata documents carry the real Entra issuer strings (tokens must
 * look exactly like Entra's) while every URL in them points back at the
 * stand-in, so a validator that follows jwks_uri finds our keys. Only
 * what is emulated is advertised: client credentials, secrets in the body
 * or in HTTP Basic, RS256. See docs/issuer.md.
 */

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/rand.h>

#include "entra.h"
#include "token.h"

struct entra_path {
	const char		*suffix;
	enum entra_route	 route;
};

static const struct entra_path	entra_paths[] = {
	{ "/.well-known/openid-configuration",		ROUTE_META_V1 },
	{ "/v2.0/.well-known/openid-configuration",	ROUTE_META_V2 },
	{ "/discovery/keys",				ROUTE_KEYS_V1 },
	{ "/discovery/v2.0/keys",			ROUTE_KEYS_V2 },
	{ "/oauth2/token",				ROUTE_TOKEN_V1 },
	{ "/oauth2/v2.0/token",				ROUTE_TOKEN_V2 },
	{ "/oauth2/authorize",				ROUTE_AUTHORIZE_V1 },
	{ "/oauth2/v2.0/authorize",			ROUTE_AUTHORIZE_V2 },
	{ NULL,						ROUTE_NONE }
};

/*
 * "/{tenant}/{endpoint}": the tenant segment goes to tenant (letters,
 * digits, '.', '-', '_': a GUID or a domain name), the rest must be one
 * of Entra's endpoint paths exactly.
 */
enum entra_route
entra_route(const char *path, char *tenant, size_t tenantlen)
{
	const char	*p, *slash;
	size_t		 len, i;

	tenant[0] = '\0';
	if (path == NULL || path[0] != '/')
		return (ROUTE_NONE);
	p = path + 1;
	if ((slash = strchr(p, '/')) == NULL)
		return (ROUTE_NONE);
	len = (size_t)(slash - p);
	if (len == 0 || len > ENTRA_TENANT_MAX || len >= tenantlen)
		return (ROUTE_NONE);
	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)p[i]) && p[i] != '.' &&
		    p[i] != '-' && p[i] != '_')
			return (ROUTE_NONE);
	}

	for (i = 0; entra_paths[i].suffix != NULL; i++) {
		if (strcmp(slash, entra_paths[i].suffix) == 0) {
			memcpy(tenant, p, len);
			tenant[len] = '\0';
			return (entra_paths[i].route);
		}
	}
	return (ROUTE_NONE);
}

/* The protocol version an endpoint belongs to: 1 or 2 (0: none). */
int
entra_route_version(enum entra_route r)
{
	switch (r) {
	case ROUTE_META_V1:
	case ROUTE_KEYS_V1:
	case ROUTE_TOKEN_V1:
	case ROUTE_AUTHORIZE_V1:
		return (1);
	case ROUTE_META_V2:
	case ROUTE_KEYS_V2:
	case ROUTE_TOKEN_V2:
	case ROUTE_AUTHORIZE_V2:
		return (2);
	default:
		return (0);
	}
}

/*
 * The description may echo client text, cut at a byte count: printable
 * ASCII only, or jansson refuses the document (invalid UTF-8, a cut
 * inside a character) and the client gets a bare status.
 */
void
entra_error_set(struct entra_error *e, int status, const char *error,
    unsigned code, const char *fmt, ...)
{
	va_list		ap;
	size_t		i;

	e->status = status;
	e->error = error;
	e->code = code;
	va_start(ap, fmt);
	(void)vsnprintf(e->desc, sizeof(e->desc), fmt, ap);
	va_end(ap);

	for (i = 0; e->desc[i] != '\0'; i++) {
		if ((unsigned char)e->desc[i] < 0x20 ||
		    (unsigned char)e->desc[i] > 0x7e)
			e->desc[i] = '?';
	}
}

/*
 * An unknown tenant: discovery answers invalid_tenant, the token
 * endpoint invalid_request, both AADSTS90002 with 400 (as Entra does).
 */
void
entra_tenant_error(struct entra_error *e, int token_endpoint,
    const char *tenant)
{
	entra_error_set(e, 400, token_endpoint ? "invalid_request" :
	    "invalid_tenant", 90002, "Tenant '%s' not found. Check to make "
	    "sure you have the correct tenant ID and are signing into the "
	    "correct cloud. Check with your subscription administrator, this "
	    "may happen if there are no active subscriptions for the tenant.",
	    tenant);
}

/* The error document, as the Entra token and discovery endpoints send. */
char *
entra_error_json(const struct entra_error *e, const char *trace,
    const char *corr, time_t now)
{
	json_t		*j;
	char		 ts[ENTRA_TIME_MAX], desc[ENTRA_DESC_MAX + 160];
	char		 uri[64], *out;

	entra_timestamp(now, ts, sizeof(ts));
	(void)snprintf(desc, sizeof(desc), "AADSTS%u: %s\r\nTrace ID: %s\r\n"
	    "Correlation ID: %s\r\nTimestamp: %s", e->code, e->desc, trace,
	    corr, ts);
	(void)snprintf(uri, sizeof(uri),
	    "https://login.microsoftonline.com/error?code=%u", e->code);

	j = json_pack("{s:s, s:s, s:[I], s:s, s:s, s:s, s:s}",
	    "error", e->error, "error_description", desc,
	    "error_codes", (json_int_t)e->code, "timestamp", ts,
	    "trace_id", trace, "correlation_id", corr, "error_uri", uri);
	if (j == NULL)
		return (NULL);
	out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	return (out);
}

/* A random (version 4) GUID in Entra's lower-case form. */
int
entra_guid(char *out, size_t outlen)
{
	unsigned char	b[16];

	if (outlen < ENTRA_GUID_LEN + 1 || RAND_bytes(b, sizeof(b)) != 1)
		return (-1);
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	(void)snprintf(out, outlen, "%02x%02x%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4],
	    b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
	    b[15]);
	return (0);
}

/* "2026-01-31 12:00:00Z", the format of Entra's error timestamps. */
void
entra_timestamp(time_t t, char *out, size_t outlen)
{
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, outlen, "%Y-%m-%d %H:%M:%SZ", &tm) == 0)
		(void)snprintf(out, outlen, "1970-01-01 00:00:00Z");
}

/*
 * Text from a request, fit for one log line: printable ASCII only, cut
 * with "..." so a request can neither forge lines nor flood the log, and
 * cut before anything shaped like a JWT ("eyJ", base64url of '{"'): a
 * client that puts its token in a URL must not find it in the log.
 */
void
entra_log_safe(char *dst, size_t dstlen, const char *src)
{
	char		*jwt;
	size_t		 i;

	if (dstlen < 4) {
		if (dstlen > 0)
			dst[0] = '\0';
		return;
	}
	for (i = 0; src != NULL && src[i] != '\0' && i < dstlen - 1; i++) {
		dst[i] = ((unsigned char)src[i] < 0x20 ||
		    (unsigned char)src[i] > 0x7e) ? '?' : src[i];
	}
	dst[i] = '\0';
	if (src != NULL && src[i] != '\0')
		memcpy(dst + dstlen - 4, "...", 4);
	if ((jwt = strstr(dst, "eyJ")) != NULL)
		(void)snprintf(jwt, dstlen - (size_t)(jwt - dst), "<redacted>");
}

/*
 * /{tenant}[/v2.0]/.well-known/openid-configuration. Field names and
 * values follow Entra's documents; endpoints that are not emulated
 * (userinfo, logout, device code, kerberos) are left out, and
 * grant_types_supported says what is.
 */
char *
entra_metadata(int version, const char *tenant, const char *self)
{
	json_t		*j;
	char		 iss[128], tok[512], keys[512], authz[512], *out;
	const char	*v;

	v = version == 1 ? "" : "/v2.0";
	token_issuer(version, tenant, iss, sizeof(iss));
	(void)snprintf(tok, sizeof(tok), "%s/%s/oauth2%s/token", self, tenant,
	    v);
	(void)snprintf(keys, sizeof(keys), "%s/%s/discovery%s/keys", self,
	    tenant, v);
	(void)snprintf(authz, sizeof(authz), "%s/%s/oauth2%s/authorize",
	    self, tenant, v);

	j = json_pack("{s:s, s:[s,s], s:s, s:[s,s,s], s:[s], s:[s],"
	    " s:s, s:s, s:[s], s:s, s:s, s:s}",
	    "token_endpoint", tok,
	    "token_endpoint_auth_methods_supported", "client_secret_post",
	    "client_secret_basic",
	    "jwks_uri", keys,
	    "response_modes_supported", "query", "fragment", "form_post",
	    "subject_types_supported", "pairwise",
	    "id_token_signing_alg_values_supported", "RS256",
	    "issuer", iss,
	    "authorization_endpoint", authz,
	    "grant_types_supported", "client_credentials",
	    "cloud_instance_name", "microsoftonline.com",
	    "cloud_graph_host_name", "graph.windows.net",
	    "msgraph_host", "graph.microsoft.com");
	if (j == NULL)
		return (NULL);

	if (version == 1) {
		if (json_object_set_new(j, "response_types_supported",
		    json_pack("[s,s,s,s,s]", "code", "id_token",
		    "code id_token", "token id_token", "token")) == -1 ||
		    json_object_set_new(j, "scopes_supported",
		    json_pack("[s]", "openid")) == -1 ||
		    json_object_set_new(j, "microsoft_multi_refresh_token",
		    json_true()) == -1)
			goto fail;
	} else {
		if (json_object_set_new(j, "response_types_supported",
		    json_pack("[s,s,s,s]", "code", "id_token",
		    "code id_token", "id_token token")) == -1 ||
		    json_object_set_new(j, "scopes_supported",
		    json_pack("[s,s,s,s]", "openid", "profile", "email",
		    "offline_access")) == -1 ||
		    json_object_set_new(j, "request_uri_parameter_supported",
		    json_false()) == -1)
			goto fail;
	}

	out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	return (out);
fail:
	json_decref(j);
	return (NULL);
}
