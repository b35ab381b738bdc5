/*
 * The MCP endpoint, POST /mcp/mcp: Streamable HTTP, stateless, so any
 * worker answers any request. See docs/mcp.md.
 */

#ifndef __H_MCP_H
#define __H_MCP_H

#include <kore/kore.h>
#include <kore/http.h>

/* Methods a browser may send after a preflight (others get 405). */
#define MCP_CORS_METHODS	"GET, POST, DELETE"
#define MCP_CORS_HEADERS	"Accept, Authorization, Content-Type, "	\
				"Last-Event-ID, MCP-Protocol-Version, "	\
				"Mcp-Session-Id, Mcp-Method, Mcp-Name"
#define MCP_CORS_EXPOSE		"WWW-Authenticate"
#define MCP_CORS_MAX_AGE	"600"
/* What the endpoint serves; every other method gets 405. */
#define MCP_ALLOW		"POST, OPTIONS"

void	mcp_init(void);
int	mcp_serve(struct http_request *);
void	mcp_cors(struct http_request *);

#endif
