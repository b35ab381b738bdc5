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
 * The Streamable HTTP header rules of transport.c on client text.
 *
 * Input: newline-separated parts
 *	Accept, Content-Type, Origin, Host, MCP_ALLOWED_ORIGINS
 *
 * Properties: normalizing an origin twice changes nothing (so the
 * configured list and the request are compared in one spelling), and
 * an Origin the check allows is one the configuration names in its
 * normalized form or a loopback origin.
 */

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "transport.h"

static const char	*fuzz_origins;

static const char	*fuzz_env(const char *);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct transport_config	cfg;
	struct fuzz_parts	p;
	char			err[TRANSPORT_ERR_MAX];
	char			norm[TRANSPORT_ORIGIN_MAX];
	char			again[TRANSPORT_ORIGIN_MAX];
	const char		*accept, *ctype, *origin, *host;
	int			sse, allowed;

	fuzz_split(data, size, 5, &p);
	accept = p.v[0];
	ctype = p.n > 1 ? p.v[1] : NULL;
	origin = p.n > 2 ? p.v[2] : "";
	host = p.n > 3 ? p.v[3] : NULL;
	fuzz_origins = p.n > 4 ? p.v[4] : NULL;

	(void)transport_accept(accept, &sse);
	(void)transport_content_type(ctype);

	if (transport_origin(origin, norm, sizeof(norm)) == 0) {
		if (transport_origin(norm, again, sizeof(again)) == -1 ||
		    strcmp(norm, again) != 0)
			fuzz_fail("transport_origin", "not idempotent");
	}

	if (transport_config_load(&cfg, fuzz_env, "https://reviews.example",
	    "127.0.0.1", err, sizeof(err)) == 0) {
		allowed = transport_origin_allowed(&cfg, origin);
		if (allowed && transport_origin(origin, norm,
		    sizeof(norm)) == -1)
			fuzz_fail("transport_origin_allowed",
			    "allowed an origin that does not parse");
		(void)transport_host_allowed(&cfg, host);
	}

	fuzz_parts_free(&p);

	return (0);
}

static const char *
fuzz_env(const char *name)
{
	if (strcmp(name, "MCP_ALLOWED_ORIGINS") == 0)
		return (fuzz_origins);
	return (NULL);
}
