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
 * Streamable HTTP rules that are plain string work (transports page of
 * MCP 2025-03-26, 2025-06-18, 2025-11-25; docs/mcp.md has the choices):
 *
 * Accept	must list application/json and text/event-stream, each with
 *		q > 0 (the spec's words; a wildcard is not enough, as in
 *		both SDKs). The answer is SSE when configured, or when the
 *		client ranks text/event-stream above application/json.
 * Content-Type	application/json, charset utf-8 if one is named.
 * Origin	when present it must be the app's public origin, a listed
 *		origin, or (by default) a loopback origin; else 403. Origins
 *		are compared normalized (lower case, default port dropped),
 *		never reflected unless allowed.
 * Host		when the app listens on loopback only, Host must name a
 *		loopback address or the public host: a DNS-rebinding page
 *		reaches a loopback server under its own name.
 *
 * Configuration (environment, read once in the parent):
 *	MCP_RESPONSE_MODE	json (default) or sse
 *	MCP_ALLOWED_ORIGINS	origins, comma or space separated; the word
 *				"loopback" stands for http(s)://localhost,
 *				127.0.0.1 and [::1] on any port. Default:
 *				loopback. The public origin always counts.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "transport.h"

#define TRANSPORT_SCHEME_MAX	16
#define TRANSPORT_PORT_MAX	8

struct transport_url {
	char	scheme[TRANSPORT_SCHEME_MAX];
	char	host[TRANSPORT_ORIGIN_MAX];
	char	port[TRANSPORT_PORT_MAX];	/* "" for the default */
};

static int	transport_split(const char *, struct transport_url *);
static int	transport_hostport(const char *, size_t, char *, size_t,
		    char *, size_t);
static int	transport_loopback(const char *);
static int	transport_qvalue(const char *, size_t, int *);
static int	transport_token_eq(const char *, size_t, const char *);

/* 0, or -1 with a message naming the variable to fix. */
int
transport_config_load(struct transport_config *cfg, config_getenv_fn env,
    const char *public_url, const char *bind, char *err, size_t errlen)
{
	struct transport_url	 url;
	const char		*v, *p;
	char			 tok[TRANSPORT_ORIGIN_MAX];
	size_t			 n;

	memset(cfg, 0, sizeof(*cfg));

	v = env("MCP_RESPONSE_MODE");
	if (v == NULL || *v == '\0' || strcmp(v, "json") == 0)
		cfg->sse = 0;
	else if (strcmp(v, "sse") == 0)
		cfg->sse = 1;
	else {
		(void)snprintf(err, errlen,
		    "MCP_RESPONSE_MODE must be json or sse");
		return (-1);
	}

	if (transport_origin(public_url, cfg->public_origin,
	    sizeof(cfg->public_origin)) == -1 ||
	    transport_split(cfg->public_origin, &url) == -1) {
		(void)snprintf(err, errlen, "the public URL is not an origin");
		return (-1);
	}
	(void)snprintf(cfg->public_host, sizeof(cfg->public_host), "%s",
	    url.host);

	cfg->check_host = strcmp(bind, "localhost") == 0 ||
	    strcmp(bind, "::1") == 0 || strncmp(bind, "127.", 4) == 0;

	v = env("MCP_ALLOWED_ORIGINS");
	if (v == NULL || *v == '\0') {
		cfg->loopback = 1;
		return (0);
	}

	for (p = v; *p != '\0'; p += n) {
		p += strspn(p, ", \t");
		if ((n = strcspn(p, ", \t")) == 0)
			break;
		if (n >= sizeof(tok)) {
			(void)snprintf(err, errlen, "MCP_ALLOWED_ORIGINS: an "
			    "origin is longer than %zu characters",
			    sizeof(tok) - 1);
			return (-1);
		}
		memcpy(tok, p, n);
		tok[n] = '\0';

		if (strcmp(tok, "loopback") == 0) {
			cfg->loopback = 1;
			continue;
		}
		if (cfg->norigins == TRANSPORT_ORIGINS_MAX) {
			(void)snprintf(err, errlen, "MCP_ALLOWED_ORIGINS: at "
			    "most %d origins", TRANSPORT_ORIGINS_MAX);
			return (-1);
		}
		if (transport_origin(tok, cfg->origins[cfg->norigins],
		    sizeof(cfg->origins[0])) == -1) {
			(void)snprintf(err, errlen, "MCP_ALLOWED_ORIGINS: "
			    "'%.64s' is not an origin like "
			    "https://host[:port] (no '*', no path)", tok);
			return (-1);
		}
		cfg->norigins++;
	}

	return (0);
}

/*
 * Accept: 0 when both media types are acceptable (q > 0), else -1.
 * *sse_first says whether text/event-stream ranks above application/json
 * (higher q, or the same q and listed first).
 */
int
transport_accept(const char *accept, int *sse_first)
{
	const char	*p, *item, *semi, *end;
	size_t		 len, n;
	int		 q, qjson, qsse, pjson, psse, pos;

	qjson = qsse = 0;
	pjson = psse = -1;
	*sse_first = 0;
	if (accept == NULL)
		return (-1);

	for (p = accept, pos = 0; *p != '\0' && pos < TRANSPORT_ACCEPT_ITEMS;
	    pos++) {
		len = strcspn(p, ",");
		item = p;
		p += len;
		if (*p == ',')
			p++;

		end = item + len;
		while (item < end && isspace((unsigned char)*item))
			item++;
		semi = memchr(item, ';', (size_t)(end - item));
		n = (size_t)((semi != NULL ? semi : end) - item);
		while (n > 0 && isspace((unsigned char)item[n - 1]))
			n--;

		q = 1000;
		if (semi != NULL && transport_qvalue(semi,
		    (size_t)(end - semi), &q) == -1)
			continue;

		if (transport_token_eq(item, n, "application/json")) {
			if (q > qjson) {
				qjson = q;
				pjson = pos;
			}
		} else if (transport_token_eq(item, n, "text/event-stream")) {
			if (q > qsse) {
				qsse = q;
				psse = pos;
			}
		}
	}

	if (qjson == 0 || qsse == 0)
		return (-1);
	*sse_first = qsse > qjson || (qsse == qjson && psse < pjson);

	return (0);
}

/* Content-Type: application/json, optionally "; charset=utf-8". */
int
transport_content_type(const char *ct)
{
	const char	*p, *name, *val;
	size_t		 n, nlen, vlen;

	if (ct == NULL)
		return (-1);

	p = ct + strspn(ct, " \t");
	n = strcspn(p, ";");
	while (n > 0 && isspace((unsigned char)p[n - 1]))
		n--;
	if (!transport_token_eq(p, n, "application/json"))
		return (-1);

	/* Parameters: only charset matters, and JSON is UTF-8 (RFC 8259). */
	for (p = strchr(p, ';'); p != NULL; p = strchr(p, ';')) {
		name = ++p;
		name += strspn(name, " \t");
		nlen = strcspn(name, "=;");
		if (name[nlen] != '=')
			continue;
		val = name + nlen + 1;
		vlen = strcspn(val, ";");
		while (nlen > 0 && isspace((unsigned char)name[nlen - 1]))
			nlen--;
		while (vlen > 0 && isspace((unsigned char)val[vlen - 1]))
			vlen--;
		if (vlen >= 2 && val[0] == '"' && val[vlen - 1] == '"') {
			val++;
			vlen -= 2;
		}
		if (transport_token_eq(name, nlen, "charset") &&
		    !transport_token_eq(val, vlen, "utf-8"))
			return (-1);
	}

	return (0);
}

/*
 * Normalize an origin (RFC 6454 serialization): scheme://host[:port],
 * scheme and host in lower case, the scheme's default port dropped, no
 * path, query, fragment or user info. 0, or -1 when it is not one.
 */
int
transport_origin(const char *in, char *out, size_t outlen)
{
	struct transport_url	url;
	int			n;

	if (transport_split(in, &url) == -1)
		return (-1);

	n = snprintf(out, outlen, "%s://%s%s%s", url.scheme, url.host,
	    url.port[0] != '\0' ? ":" : "", url.port);
	if (n < 0 || (size_t)n >= outlen)
		return (-1);

	return (0);
}

/* 1 when a request with this Origin header may be served. */
int
transport_origin_allowed(const struct transport_config *cfg,
    const char *origin)
{
	struct transport_url	url;
	char			norm[TRANSPORT_ORIGIN_MAX];
	int			i;

	if (transport_origin(origin, norm, sizeof(norm)) == -1)
		return (0);
	if (strcmp(norm, cfg->public_origin) == 0)
		return (1);
	for (i = 0; i < cfg->norigins; i++) {
		if (strcmp(norm, cfg->origins[i]) == 0)
			return (1);
	}

	if (cfg->loopback && transport_split(norm, &url) == 0 &&
	    (strcmp(url.scheme, "http") == 0 ||
	    strcmp(url.scheme, "https") == 0) && transport_loopback(url.host))
		return (1);

	return (0);
}

/* 1 when the Host header may be served (always, unless check_host). */
int
transport_host_allowed(const struct transport_config *cfg, const char *host)
{
	char	name[TRANSPORT_ORIGIN_MAX], port[TRANSPORT_PORT_MAX];

	if (!cfg->check_host)
		return (1);
	if (host == NULL || transport_hostport(host, strlen(host), name,
	    sizeof(name), port, sizeof(port)) == -1)
		return (0);

	return (transport_loopback(name) ||
	    strcmp(name, cfg->public_host) == 0);
}

/*
 * The body of a 200: n JSON-RPC answers as one JSON value (an array for
 * a batch) or as Server-Sent Events, one "message" event per answer, the
 * stream ending with the body. NULL answers become an internal error.
 * Returns malloc'ed bytes (not NUL-terminated text), length in *len.
 */
char *
transport_frame(char *const *texts, int n, int batch, int sse, size_t *len)
{
	static const char	*oops = "{\"jsonrpc\":\"2.0\",\"id\":null,"
				    "\"error\":{\"code\":-32603,"
				    "\"message\":\"Internal error\"}}";
	static const char	 ev[] = "event: message\ndata: ";
	const char		*t;
	char			*out, *p;
	size_t			 total, tl;
	int			 i;

	total = 2;
	for (i = 0; i < n; i++) {
		t = texts[i] != NULL ? texts[i] : oops;
		total += strlen(t) + sizeof(ev) + 2;
	}
	if ((out = malloc(total)) == NULL)
		return (NULL);

	p = out;
	if (batch && !sse)
		*p++ = '[';
	for (i = 0; i < n; i++) {
		t = texts[i] != NULL ? texts[i] : oops;
		tl = strlen(t);
		if (sse) {
			memcpy(p, ev, sizeof(ev) - 1);
			p += sizeof(ev) - 1;
		} else if (i > 0) {
			*p++ = ',';
		}
		memcpy(p, t, tl);
		p += tl;
		if (sse) {
			*p++ = '\n';
			*p++ = '\n';
		}
	}
	if (batch && !sse)
		*p++ = ']';
	*len = (size_t)(p - out);

	return (out);
}

/* Split an absolute http(s)-style origin URL; lower-cases scheme/host. */
static int
transport_split(const char *in, struct transport_url *url)
{
	const char	*p, *sep;
	size_t		 slen, i;

	memset(url, 0, sizeof(*url));
	if ((sep = strstr(in, "://")) == NULL)
		return (-1);
	slen = (size_t)(sep - in);
	if (slen == 0 || slen >= sizeof(url->scheme))
		return (-1);
	for (i = 0; i < slen; i++) {
		if (!isalnum((unsigned char)in[i]) && in[i] != '+' &&
		    in[i] != '-' && in[i] != '.')
			return (-1);
		url->scheme[i] = (char)tolower((unsigned char)in[i]);
	}
	if (!isalpha((unsigned char)url->scheme[0]))
		return (-1);

	p = sep + 3;
	/* A trailing slash is tolerated in configuration, nothing more. */
	slen = strlen(p);
	if (slen > 0 && p[slen - 1] == '/')
		slen--;
	if (transport_hostport(p, slen, url->host, sizeof(url->host),
	    url->port, sizeof(url->port)) == -1)
		return (-1);

	if ((strcmp(url->scheme, "http") == 0 &&
	    strcmp(url->port, "80") == 0) ||
	    (strcmp(url->scheme, "https") == 0 &&
	    strcmp(url->port, "443") == 0))
		url->port[0] = '\0';

	return (0);
}

/*
 * host[:port] or [v6]:port, len bytes: lower-cased host and the port
 * without leading zeros ("" when absent). -1 on anything else.
 */
static int
transport_hostport(const char *in, size_t len, char *host, size_t hostlen,
    char *port, size_t portlen)
{
	const char	*end, *colon;
	size_t		 hl, i;
	long		 n;
	char		 digits[TRANSPORT_PORT_MAX];

	end = in + len;
	if (len > 0 && in[0] == '[') {
		if ((colon = memchr(in, ']', len)) == NULL)
			return (-1);
		colon++;
		if (colon < end && *colon != ':')
			return (-1);
		for (i = 1; in + i < colon - 1; i++) {
			if (!isxdigit((unsigned char)in[i]) && in[i] != ':' &&
			    in[i] != '.')
				return (-1);
		}
	} else {
		colon = memchr(in, ':', len);
		if (colon == NULL)
			colon = end;
		for (i = 0; in + i < colon; i++) {
			if (!isalnum((unsigned char)in[i]) && in[i] != '.' &&
			    in[i] != '-' && in[i] != '_')
				return (-1);
		}
	}

	hl = (size_t)(colon - in);
	if (hl == 0 || hl >= hostlen)
		return (-1);
	for (i = 0; i < hl; i++)
		host[i] = (char)tolower((unsigned char)in[i]);
	host[hl] = '\0';

	port[0] = '\0';
	if (colon == end)
		return (0);
	colon++;
	if ((size_t)(end - colon) == 0 ||
	    (size_t)(end - colon) >= sizeof(digits))
		return (-1);
	for (i = 0; colon + i < end; i++) {
		if (!isdigit((unsigned char)colon[i]))
			return (-1);
		digits[i] = colon[i];
	}
	digits[i] = '\0';
	n = strtol(digits, NULL, 10);
	if (n < 1 || n > 65535)
		return (-1);
	(void)snprintf(port, portlen, "%ld", n);

	return (0);
}

static int
transport_loopback(const char *host)
{
	return (strcmp(host, "localhost") == 0 ||
	    strcmp(host, "127.0.0.1") == 0 || strcmp(host, "[::1]") == 0);
}

/*
 * The q parameter among an Accept item's parameters (";q=0.5;..."), in
 * thousandths. 0 when fine (q untouched if absent), -1 when malformed.
 */
static int
transport_qvalue(const char *params, size_t len, int *q)
{
	const char	*p, *end;
	int		 v, digits;

	end = params + len;
	for (p = params; p < end; p++) {
		if (*p != ';')
			continue;
		p++;
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (end - p < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
			continue;
		p += 2;
		if (p >= end || (*p != '0' && *p != '1'))
			return (-1);
		v = (*p++ - '0') * 1000;
		if (p < end && *p == '.') {
			p++;
			for (digits = 0; p < end && digits < 3 &&
			    isdigit((unsigned char)*p); digits++, p++) {
				v += (*p - '0') * (digits == 0 ? 100 :
				    digits == 1 ? 10 : 1);
			}
		}
		while (p < end && isspace((unsigned char)*p))
			p++;
		if ((p < end && *p != ';') || v > 1000)
			return (-1);
		*q = v;
		p--;
	}

	return (0);
}

static int
transport_token_eq(const char *s, size_t n, const char *want)
{
	return (strlen(want) == n && strncasecmp(s, want, n) == 0);
}
