/*
 * Authorization of MCP tools for the caller the gate let in. The MCP layer
 * asks these and nothing else; it never looks at tokens or roles itself.
 */

#ifndef __H_AUTHZ_H
#define __H_AUTHZ_H

#include <kore/kore.h>
#include <kore/http.h>

/* 1 when the caller may list and call the tool; always 1 with auth off. */
int	authz_tool_allowed(struct http_request *, const char *);

/*
 * Add the headers of a 403 for a refused tool call (WWW-Authenticate:
 * Bearer error="insufficient_scope" ..., Cache-Control: no-store); the
 * caller then sends the 403 with its JSON-RPC error body.
 */
void	authz_challenge_forbidden(struct http_request *, const char *);

#endif
