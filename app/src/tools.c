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
 * The four tools, as clients of the FastMCP original know them (same
 * names, same arguments, same result fields), described well enough for
 * a model to use them without guessing:
 *
 *	inputSchema	types, required, rating 1..5, maxLength = the column
 *			sizes in model.h (characters, as JSON Schema counts),
 *			additionalProperties false
 *	outputSchema	what structuredContent holds; a list is wrapped as
 *			{"result": [...]} because structuredContent must be
 *			an object (FastMCP wraps lists the same way)
 *	annotations	reads are read-only and idempotent; writes are
 *			neither, and not destructive; nothing leaves the
 *			server (openWorldHint false)
 *
 * Results carry the JSON twice, as MCP 2025-06-18+ asks: structured, and
 * serialized in text blocks for clients that read only content. Text
 * blocks follow FastMCP so its clients see what they saw before: one
 * block for an object, one block per element for a list (none for an
 * empty list). See docs/mcp.md.
 *
 * Bad arguments are tool errors (isError, a message that says what to
 * change), as MCP 2025-11-25 asks, so a model can correct itself; the
 * messages are model.c's, the same the site's forms show.
 *
 * Definitions are built once, in the parent, and cached as compact JSON
 * text so tools/list costs a few memcpy calls.
 */

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "tools.h"

static const struct {
	const char	*name;
	const char	*title;
	const char	*description;
	const char	*args[TOOLS_PARAMS_MAX + 1];
	int		 writes;
} tools_info[TOOLS_MAX] = {
	[TOOLS_LIST_RESTAURANTS] = {
	    "list_restaurants_mcp",
	    "List restaurants",
	    "List every restaurant with its id, name, street address, "
	    "description, average rating (1 to 5 stars, null when nobody "
	    "rated it yet), number of reviews and stars_percent (the average "
	    "as a percentage of 5 stars). Use an id from this list with "
	    "get_details_mcp or create_review_mcp.",
	    { NULL }, 0 },
	[TOOLS_GET_DETAILS] = {
	    "get_details_mcp",
	    "Restaurant details and reviews",
	    "Get one restaurant and all of its reviews, oldest first. Each "
	    "review has user_name, rating (1 to 5), review_text and "
	    "review_date (UTC, ISO 8601). restaurant_id is an id from "
	    "list_restaurants_mcp.",
	    { "restaurant_id", NULL }, 0 },
	[TOOLS_CREATE_REVIEW] = {
	    "create_review_mcp",
	    "Add a review",
	    "Add a review to an existing restaurant and return the saved "
	    "review with its id and date. rating is a whole number of stars "
	    "from 1 to 5. Every argument is required; restaurant_id is an id "
	    "from list_restaurants_mcp.",
	    { "restaurant_id", "user_name", "rating", "review_text", NULL },
	    1 },
	[TOOLS_CREATE_RESTAURANT] = {
	    "create_restaurant_mcp",
	    "Add a restaurant",
	    "Add a new restaurant and return it with its new id, ready for "
	    "reviews. Every argument is required.",
	    { "restaurant_name", "street_address", "description", NULL }, 1 },
};

static json_t	*tools_defs[TOOLS_MAX];
static char	*tools_text[TOOLS_MAX];
static size_t	 tools_textlen[TOOLS_MAX];

static json_t	*tools_define(int);
static json_t	*tools_input_schema(int);
static json_t	*tools_output_schema(int);
static json_t	*tools_object(json_t *, int);
static json_t	*tools_prop_id(void);
static json_t	*tools_prop_text(const char *, size_t);
static json_t	*tools_restaurant_schema(void);
static json_t	*tools_review_schema(void);
static int	 tools_unknown_args(int, json_t *, char *, size_t);
static int	 tools_arg_long(json_t *, const char *, long *, char *,
		    size_t);
static int	 tools_arg_text(json_t *, const char *, const char **,
		    char *, size_t);
static const char *tools_type_name(json_t *);
static json_t	*tools_text_block(json_t *);
static char	*tools_append(char *, const char *);
static char	*tools_escape(char *, const char *);
static json_t	*tools_message(const char *, ...)
		    __attribute__((format(printf, 1, 2)));

/* Build and cache the definitions. 0 on success, -1 when out of memory. */
int
tools_init(void)
{
	int	i;

	for (i = 0; i < TOOLS_MAX; i++) {
		if (tools_defs[i] != NULL)
			continue;
		if ((tools_defs[i] = tools_define(i)) == NULL)
			return (-1);
		if ((tools_text[i] = json_dumps(tools_defs[i],
		    JSON_COMPACT)) == NULL)
			return (-1);
		tools_textlen[i] = strlen(tools_text[i]);
	}

	return (0);
}

/* The tool's id, or -1 when there is no tool of that name. */
int
tools_find(const char *name)
{
	int	i;

	for (i = 0; i < TOOLS_MAX; i++) {
		if (strcmp(tools_info[i].name, name) == 0)
			return (i);
	}

	return (-1);
}

const char *
tools_name(int tool)
{
	return (tools_info[tool].name);
}

int
tools_writes(int tool)
{
	return (tools_info[tool].writes);
}

/*
 * The tools/list result, {"tools":[...]}, with the tools the caller may
 * call (allowed() says); malloc'ed text.
 */
char *
tools_list(tools_allowed_fn allowed, void *arg)
{
	char	*s, *p;
	size_t	 len;
	int	 i, n;

	len = sizeof("{\"tools\":[]}");
	for (i = 0; i < TOOLS_MAX; i++)
		len += tools_textlen[i] + 1;
	if ((s = malloc(len)) == NULL)
		return (NULL);

	p = s;
	memcpy(p, "{\"tools\":[", 10);
	p += 10;
	for (i = 0, n = 0; i < TOOLS_MAX; i++) {
		if (tools_text[i] == NULL ||
		    (allowed != NULL && !allowed(arg, tools_info[i].name)))
			continue;
		if (n++ > 0)
			*p++ = ',';
		memcpy(p, tools_text[i], tools_textlen[i]);
		p += tools_textlen[i];
	}
	memcpy(p, "]}", 3);

	return (s);
}

/*
 * Check the arguments of a call and turn them into database parameters.
 * Returns 0, or -1 with a message for the caller (what to change).
 * String parameters point into args, which must outlive the call.
 */
int
tools_prepare(int tool, json_t *args, struct tools_call *call, char *err,
    size_t errlen)
{
	struct model_review	 review;
	struct model_restaurant	 place;
	long			 id, rating;

	memset(call, 0, sizeof(*call));
	call->tool = tool;

	if (!json_is_object(args)) {
		(void)snprintf(err, errlen, "arguments must be an object");
		return (-1);
	}
	if (tools_unknown_args(tool, args, err, errlen) == -1)
		return (-1);

	switch (tool) {
	case TOOLS_LIST_RESTAURANTS:
		break;
	case TOOLS_GET_DETAILS:
		if (tools_arg_long(args, "restaurant_id", &id, err,
		    errlen) == -1 || model_check_id(id, err, errlen) == -1)
			return (-1);
		call->restaurant_id = id;
		call->params[call->nparams++].num = id;
		break;
	case TOOLS_CREATE_REVIEW:
		memset(&review, 0, sizeof(review));
		if (tools_arg_long(args, "restaurant_id", &id, err,
		    errlen) == -1 ||
		    tools_arg_text(args, "user_name", &review.user_name, err,
		    errlen) == -1 ||
		    tools_arg_long(args, "rating", &rating, err,
		    errlen) == -1 ||
		    tools_arg_text(args, "review_text", &review.review_text,
		    err, errlen) == -1)
			return (-1);
		review.restaurant = id;
		/* Out of int range must not wrap into 1..5. */
		review.rating = (rating < INT_MIN || rating > INT_MAX) ?
		    0 : (int)rating;
		if (model_check_review(&review, err, errlen) == -1)
			return (-1);
		call->restaurant_id = id;
		call->params[call->nparams++].num = id;
		call->params[call->nparams++].text = review.user_name;
		call->params[call->nparams++].num = review.rating;
		call->params[call->nparams++].text = review.review_text;
		break;
	case TOOLS_CREATE_RESTAURANT:
		memset(&place, 0, sizeof(place));
		if (tools_arg_text(args, "restaurant_name", &place.name, err,
		    errlen) == -1 ||
		    tools_arg_text(args, "street_address",
		    &place.street_address, err, errlen) == -1 ||
		    tools_arg_text(args, "description", &place.description,
		    err, errlen) == -1 ||
		    model_check_restaurant(&place, err, errlen) == -1)
			return (-1);
		call->params[call->nparams++].text = place.name;
		call->params[call->nparams++].text = place.street_address;
		call->params[call->nparams++].text = place.description;
		break;
	default:
		(void)snprintf(err, errlen, "no such tool");
		return (-1);
	}

	return (0);
}

/*
 * The CallToolResult for a finished database call: data (borrowed) on
 * success, else an isError result that says what happened.
 */
json_t *
tools_result(const struct tools_call *call, enum tools_outcome outcome,
    json_t *data)
{
	json_t	*result, *content, *structured, *v;
	size_t	 i;

	switch (outcome) {
	case TOOLS_OK:
		break;
	case TOOLS_NOTFOUND:
		if (call->tool == TOOLS_CREATE_REVIEW) {
			return (tools_message("Restaurant %ld does not exist, "
			    "so no review was saved. Call "
			    "list_restaurants_mcp for the ids that exist.",
			    call->restaurant_id));
		}
		return (tools_message("Restaurant %ld not found. Call "
		    "list_restaurants_mcp for the ids that exist.",
		    call->restaurant_id));
	case TOOLS_UNAVAILABLE:
		return (tools_error("The database is unavailable right now; "
		    "try again in a moment."));
	default:
		return (tools_error("The database could not complete the "
		    "request; try again later."));
	}

	content = json_array();
	if (call->tool == TOOLS_LIST_RESTAURANTS) {
		if (!json_is_array(data))
			goto bad;
		json_array_foreach(data, i, v)
			(void)json_array_append_new(content,
			    tools_text_block(v));
		structured = json_pack("{s:O}", "result", data);
	} else {
		if (!json_is_object(data))
			goto bad;
		(void)json_array_append_new(content, tools_text_block(data));
		structured = json_incref(data);
	}

	result = json_object();
	(void)json_object_set_new(result, "content", content);
	(void)json_object_set_new(result, "structuredContent", structured);
	(void)json_object_set_new(result, "isError", json_false());

	return (result);

bad:
	json_decref(content);
	return (tools_error("The database returned an unexpected result."));
}

/*
 * The same result as tools_result(), as compact JSON text, composed by
 * hand on the hot path: each element is serialized once and used twice,
 * escaped in its text block and as is in structuredContent, instead of
 * jansson serializing the data, then the blocks, then everything again.
 * Element texts come from jansson's compact encoder, which writes no raw
 * control characters, so escaping them as a JSON string only has to
 * double '\\' and '\"'. Errors go through tools_result().
 */
char *
tools_result_text(const struct tools_call *call, enum tools_outcome outcome,
    json_t *data)
{
	json_t		*r, *one[1], **elems;
	char		**texts, *s, *p;
	size_t		 i, n, len;
	int		 list;

	list = call->tool == TOOLS_LIST_RESTAURANTS;
	if (outcome != TOOLS_OK || (list && !json_is_array(data)) ||
	    (!list && !json_is_object(data))) {
		r = tools_result(call, outcome, data);
		s = json_dumps(r, JSON_COMPACT);
		json_decref(r);
		return (s);
	}

	if (list) {
		n = json_array_size(data);
		elems = NULL;
	} else {
		n = 1;
		one[0] = data;
		elems = one;
	}
	if ((texts = calloc(n + 1, sizeof(*texts))) == NULL)
		return (NULL);

	s = NULL;
	len = sizeof("{\"content\":[],\"structuredContent\":{\"result\":[]},"
	    "\"isError\":false}");
	for (i = 0; i < n; i++) {
		texts[i] = json_dumps(elems != NULL ? elems[i] :
		    json_array_get(data, i), JSON_COMPACT);
		if (texts[i] == NULL)
			goto out;
		len += 3 * strlen(texts[i]) + sizeof("{\"type\":\"text\","
		    "\"text\":\"\"},,");
	}
	if ((s = malloc(len)) == NULL)
		goto out;

	p = tools_append(s, "{\"content\":[");
	for (i = 0; i < n; i++) {
		p = tools_append(p, i > 0 ? ",{\"type\":\"text\",\"text\":\"" :
		    "{\"type\":\"text\",\"text\":\"");
		p = tools_escape(p, texts[i]);
		p = tools_append(p, "\"}");
	}
	p = tools_append(p, list ? "],\"structuredContent\":{\"result\":[" :
	    "],\"structuredContent\":");
	for (i = 0; i < n; i++) {
		if (i > 0)
			*p++ = ',';
		p = tools_append(p, texts[i]);
	}
	(void)tools_append(p, list ? "]},\"isError\":false}" :
	    ",\"isError\":false}");

out:
	for (i = 0; i < n; i++)
		free(texts[i]);
	free(texts);

	return (s);
}

/* An isError result with one text block. */
json_t *
tools_error(const char *msg)
{
	return (json_pack("{s:[{s:s,s:s}],s:b}", "content", "type", "text",
	    "text", msg, "isError", 1));
}

static json_t *
tools_message(const char *fmt, ...)
{
	va_list	ap;
	char	msg[TOOLS_ERR_MAX];

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	return (tools_error(msg));
}

/* Copy src to p; returns the new end (NUL-terminated). */
static char *
tools_append(char *p, const char *src)
{
	size_t	len;

	len = strlen(src);
	memcpy(p, src, len + 1);

	return (p + len);
}

/* src (jansson output: no raw control characters) as a JSON string body. */
static char *
tools_escape(char *p, const char *src)
{
	for (; *src != '\0'; src++) {
		if (*src == '"' || *src == '\\')
			*p++ = '\\';
		*p++ = *src;
	}
	*p = '\0';

	return (p);
}

static json_t *
tools_text_block(json_t *v)
{
	json_t	*block;
	char	*text;

	text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	block = json_pack("{s:s,s:s}", "type", "text", "text",
	    text != NULL ? text : "");
	free(text);

	return (block);
}

static json_t *
tools_define(int tool)
{
	json_t	*def, *annotations;
	int	 writes;

	writes = tools_info[tool].writes;
	annotations = json_pack("{s:s,s:b,s:b,s:b,s:b}",
	    "title", tools_info[tool].title,
	    "readOnlyHint", !writes,
	    "destructiveHint", 0,
	    "idempotentHint", !writes,
	    "openWorldHint", 0);

	def = json_pack("{s:s,s:s,s:s,s:o,s:o,s:o}",
	    "name", tools_info[tool].name,
	    "title", tools_info[tool].title,
	    "description", tools_info[tool].description,
	    "inputSchema", tools_input_schema(tool),
	    "outputSchema", tools_output_schema(tool),
	    "annotations", annotations);

	return (def);
}

static json_t *
tools_input_schema(int tool)
{
	json_t	*props;

	props = json_object();
	switch (tool) {
	case TOOLS_GET_DETAILS:
		(void)json_object_set_new(props, "restaurant_id",
		    tools_prop_id());
		break;
	case TOOLS_CREATE_REVIEW:
		(void)json_object_set_new(props, "restaurant_id",
		    tools_prop_id());
		(void)json_object_set_new(props, "user_name",
		    tools_prop_text("Name of the reviewer.", MODEL_USER_MAX));
		(void)json_object_set_new(props, "rating",
		    json_pack("{s:s,s:i,s:i,s:s}", "type", "integer",
		    "minimum", MODEL_RATING_MIN, "maximum", MODEL_RATING_MAX,
		    "description", "Stars, a whole number from 1 to 5."));
		(void)json_object_set_new(props, "review_text",
		    tools_prop_text("The review itself.", MODEL_TEXT_MAX));
		break;
	case TOOLS_CREATE_RESTAURANT:
		(void)json_object_set_new(props, "restaurant_name",
		    tools_prop_text("Name of the restaurant.",
		    MODEL_NAME_MAX));
		(void)json_object_set_new(props, "street_address",
		    tools_prop_text("Street address, e.g. \"14 Harbour "
		    "Lane\".", MODEL_ADDRESS_MAX));
		(void)json_object_set_new(props, "description",
		    tools_prop_text("What the restaurant serves and what it "
		    "is like.", MODEL_DESCRIPTION_MAX));
		break;
	}

	return (tools_object(props, 1));
}

static json_t *
tools_output_schema(int tool)
{
	switch (tool) {
	case TOOLS_LIST_RESTAURANTS:
		return (tools_object(json_pack("{s:{s:s,s:o}}", "result",
		    "type", "array", "items", tools_restaurant_schema()), 0));
	case TOOLS_GET_DETAILS:
		return (tools_object(json_pack("{s:o,s:{s:s,s:o}}",
		    "restaurant", tools_restaurant_schema(),
		    "reviews", "type", "array", "items",
		    tools_review_schema()), 0));
	case TOOLS_CREATE_REVIEW:
		return (tools_review_schema());
	default:
		return (tools_restaurant_schema());
	}
}

/*
 * {"type":"object","properties":props,"required":[every property],
 * "additionalProperties":false (closed only)}; takes props over.
 */
static json_t *
tools_object(json_t *props, int closed)
{
	json_t		*o, *required, *v;
	const char	*key;

	required = json_array();
	json_object_foreach(props, key, v)
		(void)json_array_append_new(required, json_string(key));

	o = json_object();
	(void)json_object_set_new(o, "type", json_string("object"));
	(void)json_object_set_new(o, "properties", props);
	if (json_array_size(required) > 0)
		(void)json_object_set_new(o, "required", required);
	else
		json_decref(required);
	if (closed)
		(void)json_object_set_new(o, "additionalProperties",
		    json_false());

	return (o);
}

static json_t *
tools_prop_id(void)
{
	return (json_pack("{s:s,s:i,s:I,s:s}", "type", "integer",
	    "minimum", 1, "maximum", (json_int_t)MODEL_ID_MAX,
	    "description", "Id of the restaurant, from "
	    "list_restaurants_mcp."));
}

static json_t *
tools_prop_text(const char *description, size_t max)
{
	return (json_pack("{s:s,s:i,s:I,s:s}", "type", "string",
	    "minLength", 1, "maxLength", (json_int_t)max,
	    "description", description));
}

static json_t *
tools_restaurant_schema(void)
{
	return (tools_object(json_pack("{s:{s:s},s:{s:s},s:{s:s},s:{s:s},"
	    "s:{s:[ss],s:s},s:{s:s},s:{s:s,s:s}}",
	    "id", "type", "integer",
	    "name", "type", "string",
	    "street_address", "type", "string",
	    "description", "type", "string",
	    "avg_rating", "type", "number", "null",
	    "description", "Average stars, 1 to 5; null without ratings.",
	    "review_count", "type", "integer",
	    "stars_percent", "type", "integer",
	    "description", "The average as a percentage of 5 stars, 0 to "
	    "100."), 0));
}

static json_t *
tools_review_schema(void)
{
	return (tools_object(json_pack("{s:{s:s},s:{s:s,s:s},s:{s:s},"
	    "s:{s:[ss]},s:{s:s},s:{s:s,s:s}}",
	    "id", "type", "integer",
	    "restaurant", "type", "integer",
	    "description", "Id of the restaurant reviewed.",
	    "user_name", "type", "string",
	    "rating", "type", "integer", "null",
	    "review_text", "type", "string",
	    "review_date", "type", "string",
	    "description", "When it was written: UTC, ISO 8601, no offset."),
	    0));
}

/* Every argument must be one the tool declares (additionalProperties). */
static int
tools_unknown_args(int tool, json_t *args, char *err, size_t errlen)
{
	const char	*key, *const *a;
	json_t		*v;
	char		 name[TOOLS_ERR_MAX / 4], list[TOOLS_ERR_MAX / 2];
	size_t		 off;

	json_object_foreach(args, key, v) {
		for (a = tools_info[tool].args; *a != NULL; a++) {
			if (strcmp(*a, key) == 0)
				break;
		}
		if (*a != NULL)
			continue;

		/* Quote the client's key as printable ASCII only. */
		for (off = 0; key[off] != '\0' && off < sizeof(name) - 1;
		    off++) {
			name[off] = ((unsigned char)key[off] < 0x20 ||
			    (unsigned char)key[off] > 0x7e) ? '?' : key[off];
		}
		name[off] = '\0';

		if (tools_info[tool].args[0] == NULL) {
			(void)snprintf(err, errlen, "unknown argument '%s': "
			    "%s takes no arguments", name,
			    tools_info[tool].name);
			return (-1);
		}
		list[0] = '\0';
		for (a = tools_info[tool].args, off = 0; *a != NULL; a++) {
			(void)snprintf(list + off, sizeof(list) - off, "%s%s",
			    off > 0 ? ", " : "", *a);
			off = strlen(list);
		}
		(void)snprintf(err, errlen, "unknown argument '%s'; "
		    "%s takes %s", name, tools_info[tool].name, list);
		return (-1);
	}

	return (0);
}

/*
 * An integer argument. JSON Schema's "integer" includes 2.0, so an
 * integral number is accepted; strings and booleans are not.
 */
static int
tools_arg_long(json_t *args, const char *name, long *out, char *err,
    size_t errlen)
{
	json_t	*v;
	double	 d;

	v = json_object_get(args, name);
	if (v == NULL || json_is_null(v)) {
		(void)snprintf(err, errlen, "%s is required", name);
		return (-1);
	}

	if (json_is_integer(v)) {
		*out = (long)json_integer_value(v);
		return (0);
	}
	if (json_is_real(v)) {
		d = json_real_value(v);
		if (d == floor(d)) {
			if (d >= (double)LONG_MAX)
				*out = LONG_MAX;
			else if (d <= (double)LONG_MIN)
				*out = LONG_MIN;
			else
				*out = (long)d;
			return (0);
		}
	}

	(void)snprintf(err, errlen, "%s must be an integer, not %s", name,
	    tools_type_name(v));
	return (-1);
}

/* A string argument; absent or null leaves *out NULL ("is required"). */
static int
tools_arg_text(json_t *args, const char *name, const char **out, char *err,
    size_t errlen)
{
	json_t	*v;

	*out = NULL;
	v = json_object_get(args, name);
	if (v == NULL || json_is_null(v))
		return (0);
	if (!json_is_string(v)) {
		(void)snprintf(err, errlen, "%s must be a string, not %s",
		    name, tools_type_name(v));
		return (-1);
	}
	*out = json_string_value(v);

	return (0);
}

static const char *
tools_type_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return ("an object");
	case JSON_ARRAY:
		return ("an array");
	case JSON_STRING:
		return ("a string");
	case JSON_INTEGER:
		return ("an integer");
	case JSON_REAL:
		return ("a fraction");
	case JSON_TRUE:
	case JSON_FALSE:
		return ("a boolean");
	default:
		return ("null");
	}
}
