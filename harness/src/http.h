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

#ifndef HARNESS_HTTP_H
#define HARNESS_HTTP_H

#include <stddef.h>

#include "buf.h"

/*
 * One HTTP exchange over libcurl. A single easy handle is reused for the
 * whole run, so its connection cache keeps connections to each target
 * alive between steps and cases. Redirects are never followed (a 303 and
 * its Location are what a step checks), nothing is decompressed, and
 * every request has a deadline.
 */

struct http_header {
	char	*name;
	char	*value;
};

struct http_request {
	const char	 *method;	/* GET, POST, ... any token */
	const char	 *url;
	const char	**headers;	/* "Name: value"; "Name:" = omit */
	size_t		  nheaders;
	const char	 *body;		/* NULL: no body */
	size_t		  body_len;
	long		  timeout_ms;
	int		  keep_head;	/* keep the request head sent */
};

struct http_response {
	long			 status;
	struct http_header	*headers;
	size_t			 nheaders;
	struct buf		 body;
	struct buf		 head_out;	/* request head, keep_head */
	double			 seconds;
	int			 overflow;	/* a limit was hit */
	int			 timed_out;	/* the deadline passed */
};

struct http;

struct http	*http_new(void);
void		 http_free(struct http *);
void		 http_response_init(struct http_response *);
void		 http_response_free(struct http_response *);
int		 http_send(struct http *, const struct http_request *,
		    struct http_response *, char *, size_t);
const char	*http_header(const struct http_response *, const char *);
void		 http_response_add_header(struct http_response *,
		    const char *, size_t, const char *, size_t);

#endif
