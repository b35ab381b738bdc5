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
 * Static assets from memory. The files under app/assets/ are compiled
 * into the module (.incbin below), so they are in the parent's memory as
 * soon as Kore loads it, before any fork: no worker and no deployment
 * ever looks for them on disk. At start-up the parent hashes each file
 * into its ETag and all of them into one version string that the pages
 * put into their links (?v=...). A request for the current version may
 * be cached for a year; anything else (an old version, the browser's own
 * /favicon.ico) for an hour. If-None-Match with a current ETag gets 304.
 *
 * Bodies are sent with http_response_stream(): the bytes live as long as
 * the process, so Kore sends them without copying.
 */

#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <openssl/evp.h>

#include "assets.h"
#include "ctx.h"
#include "embed.h"
#include "html.h"
#include "pages.h"

EMBED_FILE(assets_site_css, "app/assets/site.css");
EMBED_FILE(assets_logo_svg, "app/assets/logo.svg");
EMBED_FILE(assets_favicon_svg, "app/assets/favicon.svg");
EMBED_FILE(assets_favicon_ico, "app/assets/favicon.ico");

struct asset {
	const char	*path;		/* URL path */
	const char	*type;		/* content-type */
	const u_int8_t	*data;
	const u_int8_t	*end;
	size_t		 len;
	char		 etag[ASSETS_ETAG_MAX];
};

static struct asset	assets[] = {
	{ "/static/site.css", "text/css; charset=utf-8",
	    assets_site_css, assets_site_css_end, 0, "" },
	{ "/static/logo.svg", "image/svg+xml",
	    assets_logo_svg, assets_logo_svg_end, 0, "" },
	{ "/static/favicon.svg", "image/svg+xml",
	    assets_favicon_svg, assets_favicon_svg_end, 0, "" },
	/*
	 * Browsers ask for it on their own, whatever the page links: the
	 * same design as favicon.svg, drawn at 16 and 32 pixels (PNG-in-ICO).
	 */
	{ "/favicon.ico", "image/vnd.microsoft.icon",
	    assets_favicon_ico, assets_favicon_ico_end, 0, "" },
};

#define ASSETS_COUNT	(sizeof(assets) / sizeof(assets[0]))

static char	assets_version[ASSETS_VERSION_LEN + 3];	/* "v=" hex */

static void	assets_hex(const u_int8_t *, size_t, char *);
static int	assets_etag_match(const char *, const char *);

/* In the parent, before fork: hash what the module carries. */
void
assets_load(void)
{
	EVP_MD_CTX	*md;
	u_int8_t	 digest[EVP_MAX_MD_SIZE];
	unsigned int	 dlen;
	size_t		 i;
	char		 hex[ASSETS_ETAG_HEX + 1];

	if ((md = EVP_MD_CTX_new()) == NULL ||
	    !EVP_DigestInit_ex(md, EVP_sha256(), NULL))
		fatal("assets: cannot set up SHA-256");

	for (i = 0; i < ASSETS_COUNT; i++) {
		assets[i].len = (size_t)(assets[i].end - assets[i].data);
		if (assets[i].len == 0 || assets[i].len > ASSETS_FILE_MAX)
			fatal("assets: %s has %zu bytes", assets[i].path,
			    assets[i].len);
		if (!EVP_Digest(assets[i].data, assets[i].len, digest, &dlen,
		    EVP_sha256(), NULL))
			fatal("assets: cannot hash %s", assets[i].path);
		assets_hex(digest, ASSETS_ETAG_HEX / 2, hex);
		(void)snprintf(assets[i].etag, sizeof(assets[i].etag),
		    "\"%s\"", hex);
		if (!EVP_DigestUpdate(md, digest, dlen))
			fatal("assets: cannot hash %s", assets[i].path);
	}

	if (!EVP_DigestFinal_ex(md, digest, &dlen))
		fatal("assets: cannot hash the assets");
	EVP_MD_CTX_free(md);

	assets_hex(digest, ASSETS_VERSION_LEN / 2, hex);
	(void)snprintf(assets_version, sizeof(assets_version), "v=%.*s",
	    ASSETS_VERSION_LEN, hex);
	html_asset_version(hex);

	kore_log(LOG_NOTICE, "assets: %zu files, version %.*s", ASSETS_COUNT,
	    ASSETS_VERSION_LEN, hex);
}

/* GET /static/<name> and /favicon.ico. */
int
assets_serve(struct http_request *req)
{
	struct asset	*a;
	const char	*inm;
	size_t		 i;

	(void)ctx_get(req);
	a = NULL;
	for (i = 0; i < ASSETS_COUNT; i++) {
		if (strcmp(req->path, assets[i].path) == 0) {
			a = &assets[i];
			break;
		}
	}
	if (a == NULL)
		return (page_notfound(req));
	if (!page_methods(req, PAGE_GET))
		return (KORE_RESULT_OK);

	page_security_headers(req);
	http_response_header(req, "cross-origin-resource-policy",
	    "same-origin");
	http_response_header(req, "etag", a->etag);
	if (req->query_string != NULL &&
	    strcmp(req->query_string, assets_version) == 0)
		http_response_header(req, "cache-control",
		    ASSETS_CACHE_VERSIONED);
	else
		http_response_header(req, "cache-control", ASSETS_CACHE_PLAIN);

	/*
	 * RFC 9110 15.4.5: a 304 carries no content, and a Content-Length
	 * only if it is the 200's; Kore would say 0, so say none.
	 */
	if (http_request_header(req, "if-none-match", &inm) &&
	    assets_etag_match(inm, a->etag)) {
		req->flags |= HTTP_REQUEST_NO_CONTENT_LENGTH;
		http_response(req, HTTP_STATUS_NOT_MODIFIED, NULL, 0);
		return (KORE_RESULT_OK);
	}

	http_response_header(req, "content-type", a->type);
	http_response_stream(req, HTTP_STATUS_OK, (void *)a->data, a->len,
	    NULL, NULL);

	return (KORE_RESULT_OK);
}

static void
assets_hex(const u_int8_t *d, size_t n, char *out)
{
	static const char	digits[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < n; i++) {
		out[i * 2] = digits[d[i] >> 4];
		out[i * 2 + 1] = digits[d[i] & 0x0f];
	}
	out[n * 2] = '\0';
}

/*
 * If-None-Match (RFC 9110 13.1.2): "*" or a list of entity tags, weak
 * ones (W/"...") compared weakly, i.e. by their opaque part.
 */
static int
assets_etag_match(const char *header, const char *etag)
{
	const char	*p, *q;
	size_t		 n;

	n = strlen(etag);
	for (p = header; *p != '\0';) {
		if (*p == ' ' || *p == '\t' || *p == ',') {
			p++;
			continue;
		}
		if (*p == '*')
			return (1);
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p != '"')
			return (0);
		if ((q = strchr(p + 1, '"')) == NULL)
			return (0);
		if ((size_t)(q - p + 1) == n && memcmp(p, etag, n) == 0)
			return (1);
		p = q + 1;
	}

	return (0);
}
