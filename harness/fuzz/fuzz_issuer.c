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
 * The local Entra ID stand-in's request side (harness/issuer/src): the
 * route and tenant in a path, the token request's form body, HTTP Basic
 * client authentication, the client credentials grant against the
 * fixture directory, and the error document sent back.
 *
 * Input: a selector byte (bit 0: the v2.0 endpoint; bit 1: the body
 * is declared as a form), then newline-separated parts: path,
 * Authorization header value, form body (the rest).
 *
 * Properties: whatever the request, the answer is a JSON document (the
 * error echoes client text); a granted request names a known client
 * and resource.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "directory.h"
#include "entra.h"
#include "form.h"
#include "fuzz.h"
#include "grant.h"

static struct directory	fuzz_dir;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*path;
	char		 err[ISSUER_ERR_MAX];

	if ((path = getenv("FUZZ_DIRECTORY")) == NULL)
		path = "fixtures/directory.json";
	if (directory_load(&fuzz_dir, path, err, sizeof(err)) == -1)
		fuzz_fail(path, err);

	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_parts	 p;
	struct grant_request	 g;
	struct grant_result	 res;
	char			 tenant[128], id[FORM_CRED_MAX];
	char			 secret[FORM_CRED_MAX], logline[ENTRA_LOG_MAX];
	char			*doc, *body;
	int			 sel;

	if (size < 1)
		return (0);
	sel = data[0];
	fuzz_split(data + 1, size - 1, 3, &p);

	(void)entra_route(p.v[0], tenant, sizeof(tenant));
	entra_log_safe(logline, sizeof(logline), p.v[0]);

	(void)form_basic(p.n > 1 ? p.v[1] : NULL, id, sizeof(id), secret,
	    sizeof(secret));

	memset(&g, 0, sizeof(g));
	g.endpoint = (sel & 1) ? 2 : 1;
	g.content_type = (sel & 2) ? "application/x-www-form-urlencoded; "
	    "charset=utf-8" : "text/plain";
	g.authorization = p.n > 1 ? p.v[1] : NULL;
	body = fuzz_copy((const uint8_t *)(p.n > 2 ? p.v[2] : ""),
	    p.n > 2 ? p.len[2] : 0);
	g.body = body;
	g.body_len = p.n > 2 ? p.len[2] : 0;

	grant_evaluate(&fuzz_dir, &g, &res);
	if (res.ok) {
		if (res.client == NULL ||
		    !directory_is_resource(&fuzz_dir, res.resource))
			fuzz_fail("grant_evaluate", "granted the unknown");
	} else {
		doc = entra_error_json(&res.err, "trace", "corr",
		    (time_t)1767225600);
		if (doc == NULL)
			fuzz_fail("entra_error_json", "no error document");
		fuzz_check_json(doc, strlen(doc), "error document");
		free(doc);
	}

	entra_tenant_error(&res.err, sel & 1, tenant);
	if ((doc = entra_error_json(&res.err, "t", "c", 0)) == NULL)
		fuzz_fail("entra_error_json", "no tenant error document");
	free(doc);

	free(body);
	fuzz_parts_free(&p);

	return (0);
}
