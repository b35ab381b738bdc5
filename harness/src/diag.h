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

#ifndef HARNESS_DIAG_H
#define HARNESS_DIAG_H

#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "http.h"
#include "scenario.h"
#include "settings.h"

/*
 * Diagnosis: when a step fails, the misconfiguration that most likely
 * caused it, from the guide's troubleshooting table
 * (GUIDE_AUTH_MCP_SERVER.md section 10) and known field problems
 * (../shared notes easyauth-and-entra.md section 9). The rules look at
 * what the step meant (its expected statuses, its token source), what
 * came back, and the token that was sent, decoded here and compared with
 * the target's settings (tenant, client id, identifier URI); the token
 * itself is never printed.
 *
 * The text is a headline, then lines of explanation and what to change.
 */
struct diag_input {
	const char			*method;	/* NULL: no request */
	const char			*url;
	const char			*base;		/* the target's */
	const char			*mcp;		/* its MCP endpoint */
	const char			*token_kind;	/* none valid env ... */
	const char			*token;		/* the bearer sent */
	const int			*want;		/* expected statuses */
	size_t				 nwant;
	const struct http_response	*resp;		/* NULL: none came */
	const char			*error;		/* why it failed */
	int				 token_failed;	/* no token to send */
	int				 timed_out;
	long				 timeout_ms;
	enum scn_auth			 target_auth;	/* as probed */
	const struct settings		*set;
	time_t				 now;
};

int	diag_explain(const struct diag_input *, struct buf *);
void	diag_target(long, long, struct buf *);
json_t	*diag_claims(const char *);

#endif
