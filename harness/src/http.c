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

#include <curl/curl.h>

#include "http.h"
#include "limits.h"
#include "mem.h"

struct http {
	CURL	*curl;
};

static size_t	http_on_header(char *, size_t, size_t, void *);
static size_t	http_on_body(char *, size_t, size_t, void *);
static int	http_on_debug(CURL *, curl_infotype, char *, size_t,
		    void *);

struct http *
http_new(void)
{
	struct http	*h;

	h = xcalloc(1, sizeof(*h));
	if ((h->curl = curl_easy_init()) == NULL)
		fatal("curl_easy_init failed");
	return (h);
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	curl_easy_cleanup(h->curl);
	free(h);
}

void
http_response_init(struct http_response *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->body);
	buf_init(&r->head_out);
}

static void
http_headers_clear(struct http_response *r)
{
	size_t	i;

	for (i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	r->headers = NULL;
	r->nheaders = 0;
}

void
http_response_free(struct http_response *r)
{
	http_headers_clear(r);
	buf_free(&r->body);
	buf_free_secret(&r->head_out);
	memset(r, 0, sizeof(*r));
}

void
http_response_add_header(struct http_response *r, const char *name,
    size_t nlen, const char *value, size_t vlen)
{
	if (r->nheaders == HTTP_HEADERS_MAX) {
		r->overflow = 1;
		return;
	}
	r->headers = xreallocarray(r->headers, r->nheaders + 1,
	    sizeof(*r->headers));
	r->headers[r->nheaders].name = xstrndup(name, nlen);
	r->headers[r->nheaders].value = xstrndup(value, vlen);
	r->nheaders++;
}

/* libcurl hands over one header line at a time, CRLF included. */
static size_t
http_on_header(char *data, size_t size, size_t n, void *arg)
{
	struct http_response	*r = arg;
	const char		*colon, *v, *end;
	size_t			 len;

	len = size * n;
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		/* A new response (after 100 Continue): start over. */
		http_headers_clear(r);
		return (len);
	}
	end = data + len;
	while (end > data && (end[-1] == '\r' || end[-1] == '\n'))
		end--;
	if (end == data || (colon = memchr(data, ':', end - data)) == NULL)
		return (len);
	v = colon + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	http_response_add_header(r, data, (size_t)(colon - data), v,
	    (size_t)(end - v));
	return (len);
}

static size_t
http_on_body(char *data, size_t size, size_t n, void *arg)
{
	struct http_response	*r = arg;

	if (r->body.len + size * n > HTTP_BODY_MAX) {
		r->overflow = 1;
		return (0);
	}
	buf_append(&r->body, data, size * n);
	return (size * n);
}

/* The request head as libcurl wrote it, for --verbose. */
static int
http_on_debug(CURL *c, curl_infotype type, char *data, size_t len,
    void *arg)
{
	struct http_response	*r = arg;

	if (type == CURLINFO_HEADER_OUT &&
	    r->head_out.len + len <= HTTP_HEAD_OUT_MAX)
		buf_append(&r->head_out, data, len);
	return (0);
}

int
http_send(struct http *h, const struct http_request *req,
    struct http_response *r, char *err, size_t errlen)
{
	struct curl_slist	*list, *l;
	CURL			*c;
	CURLcode		 rc;
	char			 ebuf[CURL_ERROR_SIZE];
	size_t			 i;
	int			 ret;

	http_response_free(r);
	http_response_init(r);
	c = h->curl;
	/* Keeps live connections, resets every option. */
	curl_easy_reset(c);
	list = NULL;
	ret = -1;
	ebuf[0] = '\0';

	for (i = 0; i < req->nheaders; i++) {
		if ((l = curl_slist_append(list, req->headers[i])) == NULL)
			fatal("curl_slist_append failed");
		list = l;
	}
	/* Never wait for 100 Continue: send bodies straight away. */
	if ((l = curl_slist_append(list, "Expect:")) == NULL)
		fatal("curl_slist_append failed");
	list = l;

	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, req->timeout_ms > 0 ?
	    req->timeout_ms : (long)HTTP_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)HTTP_CONNECT_TIMEOUT_MS);
	/*
	 * Kore answers a keep-alive connection that stays idle for
	 * http_header_timeout (10 s) with an unasked-for 408: a connection
	 * idle that long would give the next request that 408 (seen under
	 * valgrind). Reuse only connections idle for less.
	 */
	curl_easy_setopt(c, CURLOPT_MAXAGE_CONN, (long)HTTP_REUSE_IDLE_MAX_S);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, http_on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	if (req->keep_head) {
		curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, http_on_debug);
		curl_easy_setopt(c, CURLOPT_DEBUGDATA, r);
		curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	}

	if (strcmp(req->method, "HEAD") == 0) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else if (strcmp(req->method, "GET") == 0 && req->body == NULL) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else {
		if (strcmp(req->method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST,
			    req->method);
		if (req->body != NULL || strcmp(req->method, "POST") == 0) {
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
			    (curl_off_t)(req->body == NULL ? 0 :
			    req->body_len));
			curl_easy_setopt(c, CURLOPT_POSTFIELDS,
			    req->body == NULL ? "" : req->body);
		}
	}

	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &r->seconds);
	/* Also after a timeout: a stream's head may have come. */
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	if (rc != CURLE_OK) {
		r->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
		if (r->overflow)
			snprintf(err, errlen, "response body over %d bytes",
			    HTTP_BODY_MAX);
		else
			snprintf(err, errlen, "%s %s: %s", req->method,
			    req->url, ebuf[0] != '\0' ? ebuf :
			    curl_easy_strerror(rc));
		goto out;
	}
	if (r->overflow) {
		snprintf(err, errlen, "more than %d response headers",
		    HTTP_HEADERS_MAX);
		goto out;
	}
	if (r->body.data == NULL)
		buf_appends(&r->body, "");
	ret = 0;
out:
	/* The handle must not point at this request's data any more. */
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
	/* The list held the Authorization header: wipe it. */
	for (l = list; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(list);
	return (ret);
}

/* The first header of that name (case-insensitive), or NULL. */
const char *
http_header(const struct http_response *r, const char *name)
{
	size_t	i;

	for (i = 0; i < r->nheaders; i++) {
		if (strcasecmp(r->headers[i].name, name) == 0)
			return (r->headers[i].value);
	}
	return (NULL);
}
