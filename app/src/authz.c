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
 * Tool authorization for the MCP layer: the app-role check EasyAuth does
 * not do (notes 4.5). Each tool needs an app role in the caller's roles
 * claim: MCP.Access by default, per tool through MCP_TOOL_ROLES
 * (authcfg.c has the decision, Kore-free and unit tested). tools/list
 * shows only the tools the caller may call; a call to another one gets
 * 403 insufficient_scope naming the role it needs.
 */

#include <kore/kore.h>
#include <kore/http.h>

#include <ctype.h>
#include <stdio.h>

#include "authcfg.h"
#include "authz.h"
#include "ctx.h"
#include "gate.h"

static int	authz_name_ok(const char *);

int
authz_tool_allowed(struct http_request *req, const char *tool)
{
	const struct authcfg	*cfg;

	if ((cfg = gate_config()) == NULL)
		return (1);

	return (authcfg_may_call(cfg, ctx_get(req)->who, tool));
}

void
authz_challenge_forbidden(struct http_request *req, const char *tool)
{
	const struct authcfg	*cfg;
	const char		*role;
	char			 desc[GATE_DESC_MAX];

	if ((cfg = gate_config()) == NULL) {
		http_response_header(req, "www-authenticate",
		    "Bearer error=\"insufficient_scope\"");
		http_response_header(req, "cache-control", "no-store");
		return;
	}

	/*
	 * scope names the app role: Entra puts app roles in the token's
	 * roles claim, so that is what the caller's administrator must
	 * assign (an app-only client cannot step up by asking for more).
	 */
	role = authcfg_tool_role(cfg, tool);

	if (authz_name_ok(tool))
		(void)snprintf(desc, sizeof(desc), "the tool %s needs the app "
		    "role %s", tool, role);
	else
		(void)snprintf(desc, sizeof(desc), "the tool needs the app "
		    "role %s", role);

	gate_challenge(req, "insufficient_scope", desc, role);
}

/* Tool names as MCP allows them: 1-128 of [A-Za-z0-9_.-]. */
static int
authz_name_ok(const char *s)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i == AUTHCFG_TOOL_MAX || (!isalnum((unsigned char)s[i]) &&
		    s[i] != '_' && s[i] != '.' && s[i] != '-'))
			return (0);
	}
	return (i > 0);
}
