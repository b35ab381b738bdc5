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

#ifndef HARNESS_EXPECT_H
#define HARNESS_EXPECT_H

#include <jansson.h>

#include "buf.h"
#include "challenge.h"
#include "http.h"
#include "mcpc.h"
#include "scenario.h"
#include "vars.h"

/*
 * What one step produced, and the views expect lines look through: the
 * JSON document (the body, or the data of the event stream's message
 * event) and the parsed WWW-Authenticate challenges, each derived once
 * on first use. For a shell step, status is the exit status and the
 * body its output. For a client step, the document is the client's last
 * result and client_* say how the action ended.
 */
struct outcome {
	struct http_response	 resp;
	int			 shell;
	int			 client;	/* a client step: below */
	enum mcpc_fail		 client_fail;
	long			 client_status;
	struct buf		 client_error;
	struct buf		 diagnosis;	/* the runner's, when asked */
	json_t			*doc;
	int			 doc_done;
	char			 doc_err[256];
	struct challenges	 ch;
	int			 ch_done;
	char			 ch_err[256];
};

void	 outcome_init(struct outcome *);
void	 outcome_free(struct outcome *);
json_t	*outcome_doc(struct outcome *);
int	 expect_check(const struct scn_expect *, struct outcome *,
	    const struct vars *, struct buf *);
int	 expect_capture(const struct scn_capture *, const char *,
	    struct outcome *, struct buf *, char *, size_t);

#endif
