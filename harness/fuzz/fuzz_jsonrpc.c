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
 * An MCP request body, end to end through what decides its answer:
 * jsonrpc_parse() (depth scan, jansson, duplicate names), the plan of
 * protocol_plan() for a message or a batch, the tool argument checks,
 * the reply of each tool call (with the arguments echoed back as if the
 * database had stored them) and the JSON or SSE framing.
 *
 * Input: one selector byte, then the body.
 *	bits 0-1	MCP-Protocol-Version: absent, 2025-06-18, 2025-11-25,
 *			or an unsupported one (the handler answers 400)
 *	bit 2		the caller may not call the write tools
 *	bits 3-4	how the database call ends (ok, not found, ...)
 *	bit 5		SSE framing
 *
 * Properties checked beyond the sanitizers: every answer is JSON, a
 * parse failure is -32700 or -32600 with a message, the framed body of
 * a JSON answer is one JSON value.
 */

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "jsonrpc.h"
#include "protocol.h"
#include "tools.h"
#include "transport.h"

static const char *const fuzz_versions[] = {
	NULL, "2025-06-18", "2025-11-25", "2024-01-01"
};

static int	fuzz_no_writes(void *, const char *);
static json_t	*fuzz_row(const struct tools_call *);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (tools_init() == -1)
		fuzz_fail("tools_init", "out of memory");
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonrpc_fault	 fault;
	struct protocol_plan	 plan;
	struct protocol_reply	*r;
	json_t			*root, *row;
	const char		*version;
	char			*buf, *texts[PROTOCOL_BATCH_MAX], *out;
	size_t			 len;
	int			 sel, i, n;

	if (size < 1)
		return (0);
	sel = data[0];
	buf = fuzz_copy(data + 1, size - 1);

	memset(&fault, 0, sizeof(fault));
	if ((root = jsonrpc_parse(buf, size - 1, &fault)) == NULL) {
		if ((fault.code != JSONRPC_PARSE_ERROR &&
		    fault.code != JSONRPC_INVALID_REQUEST) ||
		    fault.msg[0] == '\0')
			fuzz_fail("jsonrpc_parse", "a refusal without a reason");
		out = jsonrpc_error(NULL, fault.code, fault.msg);
		fuzz_check_json(out, strlen(out), "parse error answer");
		free(out);
		free(buf);
		return (0);
	}

	if ((version = protocol_version(fuzz_versions[sel & 3])) == NULL) {
		json_decref(root);
		free(buf);
		return (0);
	}

	if (protocol_plan(root, version, (sel & 4) ? fuzz_no_writes : NULL,
	    NULL, &plan) == -1)
		fuzz_fail("protocol_plan", "out of memory");

	if (plan.text != NULL)
		fuzz_check_json(plan.text, strlen(plan.text), "plan.text");

	n = 0;
	for (i = 0; i < plan.nreplies; i++) {
		r = &plan.replies[i];
		if (r->action == PROTOCOL_TOOL) {
			row = fuzz_row(&r->call);
			r->text = protocol_tool_reply(r, (sel >> 3) & 3, row);
			json_decref(row);
		}
		if (r->action == PROTOCOL_NONE)
			continue;
		if (r->text == NULL)
			fuzz_fail("reply", "no text");
		fuzz_check_json(r->text, strlen(r->text), "reply");
		if (n < PROTOCOL_BATCH_MAX)
			texts[n++] = r->text;
	}

	if (n > 0) {
		out = transport_frame(texts, n, plan.batch, sel & 0x20, &len);
		if (!(sel & 0x20))
			fuzz_check_json(out, len, "framed body");
		free(out);
	}

	protocol_plan_clear(&plan);
	json_decref(root);
	free(buf);

	return (0);
}

/* A caller with MCP.Access only: the write tools are refused. */
static int
fuzz_no_writes(void *arg, const char *tool)
{
	return (!tools_writes(tools_find(tool)));
}

/*
 * What the database would return for the call: its text parameters
 * stored and read back, so client text reaches the hand-built result.
 */
static json_t *
fuzz_row(const struct tools_call *call)
{
	json_t	*o, *a;
	char	 key[8];
	int	 i;

	o = json_object();
	(void)json_object_set_new(o, "id", json_integer(call->restaurant_id));
	for (i = 0; i < call->nparams; i++) {
		key[0] = 'p';
		key[1] = (char)('0' + i);
		key[2] = '\0';
		(void)json_object_set_new(o, key, call->params[i].text !=
		    NULL ? json_string(call->params[i].text) :
		    json_integer(call->params[i].num));
	}
	if (call->tool != TOOLS_LIST_RESTAURANTS)
		return (o);

	a = json_array();
	(void)json_array_append_new(a, o);
	(void)json_array_append_new(a, json_pack("{s:s}", "name", "\"<&>\\"));
	return (a);
}
