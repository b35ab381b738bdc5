/*
 * The four MCP tools of the restaurant reviews sample, with the names
 * and arguments of the FastMCP original: their definitions for
 * tools/list, argument validation (model.h's rules and words) and the
 * shape of their results. Knows nothing about HTTP or SQL; Kore-free.
 */

#ifndef __H_TOOLS_H
#define __H_TOOLS_H

#include <stddef.h>

#include <jansson.h>

enum tools_id {
	TOOLS_LIST_RESTAURANTS,		/* list_restaurants_mcp() */
	TOOLS_GET_DETAILS,		/* get_details_mcp(restaurant_id) */
	TOOLS_CREATE_REVIEW,		/* create_review_mcp(...) */
	TOOLS_CREATE_RESTAURANT,	/* create_restaurant_mcp(...) */
	TOOLS_MAX
};

#define TOOLS_PARAMS_MAX	4
#define TOOLS_ERR_MAX		256

/* How the database call of a tool ended. */
enum tools_outcome {
	TOOLS_OK,
	TOOLS_NOTFOUND,		/* no such restaurant */
	TOOLS_UNAVAILABLE,	/* database unreachable */
	TOOLS_FAILED		/* the query failed */
};

/* One database parameter: text, or num when text is NULL. */
struct tools_param {
	const char	*text;		/* borrowed from the arguments */
	long		 num;
};

/* A validated call: the parameters in the order db.h lists them. */
struct tools_call {
	int			tool;
	int			nparams;
	struct tools_param	params[TOOLS_PARAMS_MAX];
	long			restaurant_id;	/* for messages; 0: none */
};

typedef int (*tools_allowed_fn)(void *, const char *);

int		 tools_init(void);
int		 tools_find(const char *);
const char	*tools_name(int);
int		 tools_writes(int);
char		*tools_list(tools_allowed_fn, void *);
int		 tools_prepare(int, json_t *, struct tools_call *, char *,
		    size_t);
json_t		*tools_result(const struct tools_call *, enum tools_outcome,
		    json_t *);
char		*tools_result_text(const struct tools_call *,
		    enum tools_outcome, json_t *);
json_t		*tools_error(const char *);

#endif
