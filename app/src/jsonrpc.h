/*
 * JSON-RPC 2.0 messages as MCP uses them (https://www.jsonrpc.org/
 * specification; MCP base protocol): parsing with bounds, telling
 * requests, notifications and responses apart, and writing responses.
 * Kore-free so it can be unit tested; strings it returns are malloc'ed.
 */

#ifndef __H_JSONRPC_H
#define __H_JSONRPC_H

#include <stddef.h>

#include <jansson.h>

/* Nesting deeper than this is refused before jansson builds a tree. */
#define JSONRPC_DEPTH_MAX		32
/* Longest error message, and longest client text quoted in one. */
#define JSONRPC_MSG_MAX			256
#define JSONRPC_QUOTE_MAX		64

#define JSONRPC_PARSE_ERROR		-32700
#define JSONRPC_INVALID_REQUEST		-32600
#define JSONRPC_METHOD_NOT_FOUND	-32601
#define JSONRPC_INVALID_PARAMS		-32602
#define JSONRPC_INTERNAL_ERROR		-32603
/* Implementation-defined; both MCP SDKs use it for HTTP-level errors. */
#define JSONRPC_SERVER_ERROR		-32000
/* MCP 2025-11-25: resources/read of an unknown URI. */
#define JSONRPC_RESOURCE_NOT_FOUND	-32002

enum jsonrpc_kind {
	JSONRPC_INVALID,	/* not a JSON-RPC 2.0 message: see code, msg */
	JSONRPC_REQUEST,	/* method and id: gets a response */
	JSONRPC_NOTIFICATION,	/* method, no id: never gets a response */
	JSONRPC_RESPONSE	/* result or error: a client's answer */
};

/* A failure to report, with the JSON-RPC code that goes with it. */
struct jsonrpc_fault {
	int	code;
	char	msg[JSONRPC_MSG_MAX];
};

/* One message; every pointer is borrowed from the parsed document. */
struct jsonrpc_msg {
	enum jsonrpc_kind	 kind;
	json_t			*id;		/* NULL: none or unusable */
	const char		*method;
	json_t			*params;	/* NULL when absent or null */
	struct jsonrpc_fault	 fault;		/* JSONRPC_INVALID */
};

json_t	*jsonrpc_parse(const void *, size_t, struct jsonrpc_fault *);
int	 jsonrpc_depth(const void *, size_t, int);
void	 jsonrpc_classify(json_t *, struct jsonrpc_msg *);

char	*jsonrpc_result(json_t *, json_t *);
char	*jsonrpc_result_raw(json_t *, const char *);
char	*jsonrpc_error(json_t *, int, const char *);
void	 jsonrpc_quote(char *, size_t, const char *);

#endif
