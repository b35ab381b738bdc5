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
 * JSON-RPC 2.0 envelope. The body is checked for nesting depth with a
 * plain scan before jansson sees it, and jansson is told to refuse
 * duplicate member names: {"method":"ping","method":"tools/call"} means
 * different things to different parsers, so it means nothing here.
 *
 * Which code for what (JSON-RPC 2.0 section 5.1; MCP base protocol):
 *	not JSON at all				-32700 Parse error
 *	JSON, but not a JSON-RPC 2.0 message	-32600 Invalid Request
 *	(wrong jsonrpc, method not a string, id null, a boolean or a
 *	fraction, params a scalar, duplicate names, too deep)
 * An id that can be read is echoed with its exact type ("7" stays a
 * string, 7 an integer); one that cannot is answered with null.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonrpc.h"

static void	jsonrpc_fault_set(struct jsonrpc_fault *, int, const char *);
static char	*jsonrpc_envelope(json_t *, const char *, json_t *);

/*
 * Parse a request body into a message object or a batch array.
 * Returns NULL with the fault filled in when it is neither.
 */
json_t *
jsonrpc_parse(const void *buf, size_t len, struct jsonrpc_fault *fault)
{
	json_error_t	 jerr;
	json_t		*root;
	char		 near[JSONRPC_QUOTE_MAX + 1];

	if (len == 0) {
		jsonrpc_fault_set(fault, JSONRPC_PARSE_ERROR,
		    "Parse error: the request body is empty");
		return (NULL);
	}

	if (jsonrpc_depth(buf, len, JSONRPC_DEPTH_MAX) == -1) {
		(void)snprintf(fault->msg, sizeof(fault->msg),
		    "Invalid Request: JSON nested deeper than %d levels",
		    JSONRPC_DEPTH_MAX);
		fault->code = JSONRPC_INVALID_REQUEST;
		return (NULL);
	}

	if ((root = json_loadb(buf, len, JSON_REJECT_DUPLICATES |
	    JSON_DECODE_ANY, &jerr)) == NULL) {
		switch (json_error_code(&jerr)) {
		case json_error_duplicate_key:
			jsonrpc_fault_set(fault, JSONRPC_INVALID_REQUEST,
			    "Invalid Request: an object has the same member "
			    "name twice");
			break;
		case json_error_numeric_overflow:
			jsonrpc_fault_set(fault, JSONRPC_INVALID_REQUEST,
			    "Invalid Request: a number is out of range");
			break;
		default:
			/* jansson quotes the input: keep it short and ASCII. */
			jsonrpc_quote(near, sizeof(near), jerr.text);
			(void)snprintf(fault->msg, sizeof(fault->msg),
			    "Parse error: %s (line %d, column %d)", near,
			    jerr.line, jerr.column);
			fault->code = JSONRPC_PARSE_ERROR;
			break;
		}
		return (NULL);
	}

	if (!json_is_object(root) && !json_is_array(root)) {
		json_decref(root);
		jsonrpc_fault_set(fault, JSONRPC_INVALID_REQUEST,
		    "Invalid Request: expected a JSON-RPC message object");
		return (NULL);
	}

	return (root);
}

/*
 * 0 when no array or object in buf nests deeper than max, else -1.
 * Brackets inside strings do not count; the text need not be valid
 * JSON (jansson judges that afterwards).
 */
int
jsonrpc_depth(const void *buf, size_t len, int max)
{
	const unsigned char	*p, *end;
	int			 depth, instr;

	depth = 0;
	instr = 0;
	end = (const unsigned char *)buf + len;
	for (p = buf; p < end; p++) {
		if (instr) {
			if (*p == '\\' && p + 1 < end)
				p++;
			else if (*p == '"')
				instr = 0;
			continue;
		}
		switch (*p) {
		case '"':
			instr = 1;
			break;
		case '[':
		case '{':
			if (++depth > max)
				return (-1);
			break;
		case ']':
		case '}':
			depth--;
			break;
		}
	}

	return (0);
}

/* What kind of message m is, or why it is not one. */
void
jsonrpc_classify(json_t *m, struct jsonrpc_msg *out)
{
	json_t		*v, *id, *method, *params, *result, *error;
	const char	*why;

	memset(out, 0, sizeof(*out));
	out->kind = JSONRPC_INVALID;
	why = NULL;

	if (!json_is_object(m)) {
		why = "a message must be a JSON object";
		goto invalid;
	}

	if ((id = json_object_get(m, "id")) != NULL &&
	    (json_is_string(id) || json_is_integer(id)))
		out->id = id;

	v = json_object_get(m, "jsonrpc");
	if (!json_is_string(v) || strcmp(json_string_value(v), "2.0") != 0) {
		why = "jsonrpc must be \"2.0\"";
		goto invalid;
	}

	method = json_object_get(m, "method");
	params = json_object_get(m, "params");
	result = json_object_get(m, "result");
	error = json_object_get(m, "error");

	if (method != NULL) {
		if (!json_is_string(method))
			why = "method must be a string";
		else if (result != NULL || error != NULL)
			why = "a request cannot carry result or error";
		else if (id != NULL && out->id == NULL)
			why = "id must be a string or an integer";
		else if (params != NULL && !json_is_null(params) &&
		    !json_is_object(params) && !json_is_array(params))
			why = "params must be an object";
		if (why != NULL)
			goto invalid;
		out->method = json_string_value(method);
		out->params = json_is_null(params) ? NULL : params;
		out->kind = id != NULL ? JSONRPC_REQUEST :
		    JSONRPC_NOTIFICATION;
		return;
	}

	if (result == NULL && error == NULL)
		why = "method is required";
	else if (result != NULL && error != NULL)
		why = "a response carries result or error, not both";
	else if (result != NULL && out->id == NULL)
		why = "id must be a string or an integer";
	else if (error != NULL && (!json_is_object(error) ||
	    !json_is_integer(json_object_get(error, "code")) ||
	    !json_is_string(json_object_get(error, "message"))))
		why = "error must be an object with an integer code and a "
		    "string message";
	else if (error != NULL && id != NULL && !json_is_null(id) &&
	    out->id == NULL)
		why = "id must be a string or an integer";
	if (why != NULL)
		goto invalid;
	out->kind = JSONRPC_RESPONSE;
	return;

invalid:
	out->kind = JSONRPC_INVALID;
	out->fault.code = JSONRPC_INVALID_REQUEST;
	(void)snprintf(out->fault.msg, sizeof(out->fault.msg),
	    "Invalid Request: %s", why);
}

/* {"jsonrpc":"2.0","id":id,"result":result}; takes result over. */
char *
jsonrpc_result(json_t *id, json_t *result)
{
	if (result == NULL)
		return (NULL);

	return (jsonrpc_envelope(id, "result", result));
}

/* The same with a result that is already JSON text (cached, trusted). */
char *
jsonrpc_result_raw(json_t *id, const char *raw)
{
	char	*idtext, *s;
	size_t	 len;

	if ((idtext = json_dumps(id != NULL ? id : json_null(),
	    JSON_ENCODE_ANY | JSON_COMPACT)) == NULL)
		return (NULL);

	len = sizeof("{\"jsonrpc\":\"2.0\",\"id\":,\"result\":}") +
	    strlen(idtext) + strlen(raw);
	if ((s = malloc(len)) != NULL) {
		(void)snprintf(s, len,
		    "{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":%s}",
		    idtext, raw);
	}
	free(idtext);

	return (s);
}

/* {"jsonrpc":"2.0","id":id|null,"error":{"code":code,"message":msg}} */
char *
jsonrpc_error(json_t *id, int code, const char *msg)
{
	json_t	*m;

	if ((m = json_string(msg)) == NULL)
		m = json_string("Error");

	return (jsonrpc_envelope(id, "error", json_pack("{s:i,s:o}",
	    "code", code, "message", m)));
}

/*
 * Client text for an error message: printable ASCII only (anything
 * else becomes '?', so the result is always valid UTF-8 and one line),
 * at most JSONRPC_QUOTE_MAX characters.
 */
void
jsonrpc_quote(char *dst, size_t dstlen, const char *src)
{
	size_t	i, max;

	if (dstlen == 0)
		return;
	max = dstlen - 1;
	if (max > JSONRPC_QUOTE_MAX)
		max = JSONRPC_QUOTE_MAX;

	for (i = 0; src[i] != '\0' && i < max; i++) {
		dst[i] = ((unsigned char)src[i] < 0x20 ||
		    (unsigned char)src[i] > 0x7e) ? '?' : src[i];
	}
	if (src[i] != '\0' && i >= 3 && dstlen > 3) {
		dst[i - 3] = '.';
		dst[i - 2] = '.';
		dst[i - 1] = '.';
	}
	dst[i] = '\0';
}

static void
jsonrpc_fault_set(struct jsonrpc_fault *fault, int code, const char *msg)
{
	fault->code = code;
	(void)snprintf(fault->msg, sizeof(fault->msg), "%s", msg);
}

/* {"jsonrpc":"2.0","id":id|null,key:value}, compact; takes value over. */
static char *
jsonrpc_envelope(json_t *id, const char *key, json_t *value)
{
	json_t	*o;
	char	*s;

	o = json_object();
	(void)json_object_set_new(o, "jsonrpc", json_string("2.0"));
	(void)json_object_set(o, "id", id != NULL ? id : json_null());
	(void)json_object_set_new(o, key, value);
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);

	return (s);
}
