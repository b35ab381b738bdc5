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

#ifndef HARNESS_RUNNER_H
#define HARNESS_RUNNER_H

#include "buf.h"
#include "http.h"
#include "limits.h"
#include "scenario.h"
#include "settings.h"
#include "tokens.h"

/*
 * A target is one running instance of the app (--base-url, --target
 * NAME=URL[,auth=on|off]). Its auth state is probed before the run:
 * GET {base}/ answering 401, or the protected resource metadata
 * answering 200, means auth on. A case runs against the target its
 * needs select, or is skipped saying why.
 */
struct target {
	char		*name;
	char		*base;		/* no trailing slash */
	char		*host;		/* host[:port] */
	enum scn_auth	 declared;	/* ANY: not declared */
	enum scn_auth	 auth;		/* probed */
	char		*probe;		/* what the probe saw */
	char		*problem;	/* unreachable, or not as declared */
};

enum result_status {
	RESULT_PASS,
	RESULT_FAIL,
	RESULT_SKIP
};

struct case_result {
	enum result_status	 status;
	double			 ms;
	const char		*target;	/* name, NULL: none */
	struct buf		 detail;	/* failure or skip reason */
	struct buf		 log;		/* --verbose transcript */
};

struct runner {
	struct settings	*set;
	struct tokens	*tokens;
	struct http	*http;
	struct target	 targets[TARGETS_MAX];
	size_t		 ntargets;
	char		 run_id[32];
	int		 verbose;
	long		 timeout_ms;
};

void	runner_init(struct runner *, struct settings *, struct tokens *,
	    struct http *);
void	runner_free(struct runner *);
int	runner_add_target(struct runner *, const char *, char *, size_t);
void	runner_probe(struct runner *);
void	runner_run_case(struct runner *, const struct scenario *,
	    struct case_result *);
void	case_result_init(struct case_result *);
void	case_result_free(struct case_result *);

#endif
