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

#ifndef HARNESS_SHELL_H
#define HARNESS_SHELL_H

#include "buf.h"

/*
 * A `shell` step: /bin/sh -c COMMAND in its own process group, stdin
 * from /dev/null, stdout and stderr captured (bounded), killed with its
 * children when it outlives the timeout. The environment gets the
 * step's SCENARIO_BASE, SCENARIO_MCP and SCENARIO_RUN.
 */
struct shell_env {
	const char	*base;
	const char	*mcp;
	const char	*run;
};

int	shell_run(const char *, const struct shell_env *, long, int *,
	    struct buf *, char *, size_t);

#endif
