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
 * OpenID metadata and JWKS over HTTP(S) with libcurl: timeouts on
 * connect and on the whole transfer, a size cap, http/https only, no
 * redirects, 200 only. https is required unless AUTH_AUTHORITY_URL names
 * a local stand-in. Nothing fetched is trusted beyond its shape: the
 * issuers must name the configured tenant (and the v2 issuer must be the
 * one openIdIssuer implies), the keys must be RSA signing keys.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "jwks.h"
#include "keyfetch.h"

struct keyfetch_buf {
	char	*data;
	size_t	 len;
	int	 toolong;
};

static size_t	keyfetch_write(char *, size_t, size_t, void *);
static int	keyfetch_get(const char *, int, struct keyfetch_buf *, char *,
		    size_t);
static int	keyfetch_url_ok(const char *, int);

int
keyfetch_init(void)
{
	return (curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1);
}

/*
 * Fetch v1 and v2 metadata, then both key sets. On 0, *out holds the
 * issuers and the two key set documents (at least one usable key).
 */
int
keyfetch_run(const struct authcfg *cfg, struct keyfetch *out, char *err,
    size_t errlen)
{
	struct keyfetch_buf	 buf;
	json_t			*set;
	struct jwks		 keys;
	char			 url[AUTHCFG_URL_MAX + 128];
	char			 issuer[AUTHCFG_URL_MAX];
	char			 jwks_uri[2][AUTHCFG_URL_MAX];
	int			 v, ret;

	memset(out, 0, sizeof(*out));
	memset(&buf, 0, sizeof(buf));
	jwks_init(&keys);
	ret = KEYFETCH_FAILED;

	if ((out->sets = json_array()) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}

	for (v = 0; v < 2; v++) {
		(void)snprintf(url, sizeof(url),
		    "%s/%s%s/.well-known/openid-configuration", cfg->authority,
		    cfg->tenant, v == 1 ? "/v2.0" : "");
		if (keyfetch_get(url, cfg->authority_local, &buf, err,
		    errlen) == -1)
			goto out;
		ret = keyfetch_metadata(cfg, v, url, buf.data, buf.len, issuer,
		    jwks_uri[v], err, errlen);
		free(buf.data);
		buf.data = NULL;
		if (ret != 0)
			goto out;
		ret = KEYFETCH_FAILED;
		(void)snprintf(v == 1 ? out->issuer_v2 : out->issuer_v1,
		    AUTHCFG_URL_MAX, "%s", issuer);
	}

	for (v = 0; v < 2; v++) {
		if (keyfetch_get(jwks_uri[v], cfg->authority_local, &buf, err,
		    errlen) == -1)
			goto out;
		set = json_loadb(buf.data, buf.len, JSON_REJECT_DUPLICATES,
		    NULL);
		free(buf.data);
		buf.data = NULL;
		if (set == NULL) {
			snprintf(err, errlen, "%s: not JSON", jwks_uri[v]);
			goto out;
		}
		(void)json_array_append_new(out->sets, set);
	}

	if ((out->nkeys = keyfetch_load(out->sets, &keys, err, errlen)) <= 0)
		goto out;

	ret = 0;

out:
	free(buf.data);
	jwks_clear(&keys);
	if (ret != 0)
		keyfetch_clear(out);

	return (ret);
}

void
keyfetch_clear(struct keyfetch *kf)
{
	if (kf->sets != NULL)
		json_decref(kf->sets);
	memset(kf, 0, sizeof(*kf));
}

/*
 * One metadata document (v: 0 for v1, 1 for v2) fetched from url: its
 * issuer must name the tenant; the v2 issuer must be exactly the one
 * openIdIssuer implies, the v1 issuer exactly openIdIssuer when that is
 * the v1 form. Returns 0, KEYFETCH_FAILED or KEYFETCH_MISMATCH.
 */
int
keyfetch_metadata(const struct authcfg *cfg, int v, const char *url,
    const char *text, size_t len, char *issuer, char *jwks_uri, char *err,
    size_t errlen)
{
	json_t		*doc;
	const char	*iss, *uri, *want;
	char		 needle[AUTHCFG_GUID_LEN + 3];
	int		 ret;

	ret = KEYFETCH_FAILED;
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(doc)) {
		snprintf(err, errlen, "%s: not a JSON object", url);
		goto out;
	}

	iss = json_string_value(json_object_get(doc, "issuer"));
	uri = json_string_value(json_object_get(doc, "jwks_uri"));
	if (iss == NULL || strlen(iss) >= AUTHCFG_URL_MAX ||
	    uri == NULL || strlen(uri) >= AUTHCFG_URL_MAX) {
		snprintf(err, errlen, "%s: no issuer or jwks_uri", url);
		goto out;
	}
	if (!keyfetch_url_ok(uri, cfg->authority_local)) {
		snprintf(err, errlen, "%s: jwks_uri must be an %s URL", url,
		    cfg->authority_local ? "http(s)" : "https");
		goto out;
	}

	ret = KEYFETCH_MISMATCH;
	(void)snprintf(needle, sizeof(needle), "/%s/", cfg->tenant);
	want = v == 1 ? cfg->issuer_v2 : cfg->issuer_v1;
	if (strncmp(iss, "https://", 8) != 0 || strstr(iss, needle) == NULL) {
		snprintf(err, errlen, "%s declares issuer %.100s, which is not "
		    "tenant %s's: check openIdIssuer and AUTH_AUTHORITY_URL",
		    url, iss, cfg->tenant);
		goto out;
	}
	if (want[0] != '\0' && strcmp(iss, want) != 0) {
		snprintf(err, errlen, "%s declares issuer %.100s, but "
		    "openIdIssuer %.100s means %.100s", url, iss,
		    cfg->open_id_issuer, want);
		goto out;
	}

	(void)snprintf(issuer, AUTHCFG_URL_MAX, "%s", iss);
	(void)snprintf(jwks_uri, AUTHCFG_URL_MAX, "%s", uri);
	ret = 0;

out:
	if (doc != NULL)
		json_decref(doc);
	return (ret);
}

/*
 * Both key set documents into one table (Entra's v1 and v2 sets share
 * most keys). Returns the number of usable keys, 0 or -1 with err set.
 */
int
keyfetch_load(const json_t *sets, struct jwks *keys, char *err,
    size_t errlen)
{
	const json_t	*set;
	size_t		 i;

	jwks_clear(keys);
	if (!json_is_array(sets) || json_array_size(sets) == 0) {
		snprintf(err, errlen, "no key sets");
		return (-1);
	}

	json_array_foreach(sets, i, set) {
		if (jwks_add(keys, set, err, errlen) == -1) {
			jwks_clear(keys);
			return (-1);
		}
	}

	if (keys->nkeys == 0) {
		snprintf(err, errlen, "no usable RS256 signing key (%d "
		    "skipped)", keys->skipped);
		return (0);
	}

	return (keys->nkeys);
}

static int
keyfetch_get(const char *url, int local, struct keyfetch_buf *buf,
    char *err, size_t errlen)
{
	CURL		*curl;
	CURLcode	 rc;
	long		 status;
	int		 ret;

	ret = -1;
	memset(buf, 0, sizeof(*buf));

	if (!keyfetch_url_ok(url, local)) {
		snprintf(err, errlen, "%.120s: not an allowed URL", url);
		return (-1);
	}
	if ((curl = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return (-1);
	}

	(void)curl_easy_setopt(curl, CURLOPT_URL, url);
	(void)curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	(void)curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	(void)curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	(void)curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
	    (long)KEYFETCH_CONNECT_SECS);
	(void)curl_easy_setopt(curl, CURLOPT_TIMEOUT,
	    (long)KEYFETCH_TOTAL_SECS);
	(void)curl_easy_setopt(curl, CURLOPT_MAXFILESIZE,
	    (long)KEYFETCH_DOC_MAX);
	(void)curl_easy_setopt(curl, CURLOPT_USERAGENT, "reviews-mcp");
	(void)curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keyfetch_write);
	(void)curl_easy_setopt(curl, CURLOPT_WRITEDATA, buf);

	rc = curl_easy_perform(curl);
	if (buf->toolong) {
		snprintf(err, errlen, "%.120s: larger than %d bytes", url,
		    KEYFETCH_DOC_MAX);
		goto out;
	}
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "%.120s: %s", url,
		    curl_easy_strerror(rc));
		goto out;
	}
	status = 0;
	(void)curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		snprintf(err, errlen, "%.120s: HTTP %ld", url, status);
		goto out;
	}
	if (buf->data == NULL) {
		snprintf(err, errlen, "%.120s: empty response", url);
		goto out;
	}

	ret = 0;

out:
	curl_easy_cleanup(curl);
	if (ret == -1) {
		free(buf->data);
		buf->data = NULL;
	}

	return (ret);
}

static size_t
keyfetch_write(char *data, size_t size, size_t n, void *arg)
{
	struct keyfetch_buf	*buf = arg;
	char			*p;
	size_t			 len;

	len = size * n;
	if (buf->len + len > KEYFETCH_DOC_MAX) {
		buf->toolong = 1;
		return (0);
	}
	if ((p = realloc(buf->data, buf->len + len + 1)) == NULL)
		return (0);
	memcpy(p + buf->len, data, len);
	buf->data = p;
	buf->len += len;
	buf->data[buf->len] = '\0';

	return (len);
}

static int
keyfetch_url_ok(const char *url, int local)
{
	if (strncmp(url, "https://", 8) == 0)
		return (1);
	return (local && strncmp(url, "http://", 7) == 0);
}
