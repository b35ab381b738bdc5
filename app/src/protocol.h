/*
 * MCP over JSON-RPC for a stateless server: protocol versions, the
 * methods (initialize, ping, the list methods, tools/call) and the plan
 * for one HTTP request body (a message or a 2025-03-26 batch). Decides
 * everything that does not need the database; the tool calls it plans
 * are run by mcp.c and answered with protocol_tool_reply(). Kore-free.
 */

#ifndef __H_PROTOCOL_H
#define __H_PROTOCOL_H

#include <jansson.h>

#include "tools.h"

#define PROTOCOL_LATEST		"2025-11-25"
/* Assumed when MCP-Protocol-Version is absent (transports, 2025-06-18). */
#define PROTOCOL_ASSUMED	"2025-03-26"

#define PROTOCOL_SERVER_NAME	"RestaurantReviewsMCP"
#define PROTOCOL_SERVER_TITLE	"Restaurant Reviews"
#define PROTOCOL_SERVER_VERSION	"1.0.0"

/* Most messages in one 2025-03-26 batch. */
#define PROTOCOL_BATCH_MAX	16

enum protocol_action {
	PROTOCOL_NONE,		/* notification or response: no answer */
	PROTOCOL_REPLY,		/* text is the answer */
	PROTOCOL_TOOL,		/* run call, then protocol_tool_reply() */
	PROTOCOL_FORBIDDEN	/* the caller may not call this tool */
};

/* What to do with one message. */
struct protocol_reply {
	enum protocol_action	 action;
	char			*text;		/* malloc'ed JSON-RPC answer */
	json_t			*id;		/* borrowed */
	const char		*method;	/* borrowed; NULL: none */
	int			 invalid;	/* not a JSON-RPC message */
	/* tools/call that did not reach the database: why, for the audit */
	const char		*refused;
	struct tools_call	 call;		/* tool -1: unknown */
};

/* What to do with one request body. */
struct protocol_plan {
	int			 status;	/* HTTP: 200 202 400 403 */
	int			 batch;		/* answer with an array */
	int			 nreplies;
	struct protocol_reply	*replies;	/* malloc'ed */
	char			*text;		/* 400 for the whole body */
};

const char	*protocol_version(const char *);
const char	*protocol_negotiate(const char *);
int		 protocol_batches(const char *);
int		 protocol_plan(json_t *, const char *, tools_allowed_fn,
		    void *, struct protocol_plan *);
char		*protocol_tool_reply(const struct protocol_reply *,
		    enum tools_outcome, json_t *);
void		 protocol_plan_clear(struct protocol_plan *);

#endif
