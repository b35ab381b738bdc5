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
 * Tool arguments (tools.c) and the input rules behind them (model.c).
 *
 * Input: one selector byte (the tool: bits 0-1; the database outcome:
 * bits 2-3), then the arguments as JSON text, parsed as the endpoint
 * parses a body. The raw bytes also go to model.c's text and id rules.
 *
 * Property: whatever tools_prepare() accepts is what the database may
 * store: ids 1..2147483647, ratings 1..5, text valid UTF-8 within the
 * column's length in characters, no control characters but tab and
 * line breaks. And the result built from the accepted values is JSON.
 */

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "model.h"
#include "tools.h"

static void	fuzz_model(const uint8_t *, size_t);
static void	fuzz_accepted(const struct tools_call *);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tools_call	 call;
	json_t			*args, *data_json;
	char			*buf, *text, err[TOOLS_ERR_MAX];
	int			 tool, sel;

	/* Builds the definitions once; a no-op afterwards. */
	if (tools_init() == -1)
		fuzz_fail("tools_init", "out of memory");
	if (size < 1)
		return (0);
	sel = data[0];
	tool = sel & 3;
	fuzz_model(data + 1, size - 1);

	buf = fuzz_copy(data + 1, size - 1);
	args = json_loadb(buf, size - 1, JSON_REJECT_DUPLICATES |
	    JSON_DECODE_ANY, NULL);
	free(buf);
	if (args == NULL)
		return (0);

	err[0] = '\0';
	if (tools_prepare(tool, args, &call, err, sizeof(err)) == 0) {
		fuzz_accepted(&call);
		data_json = tool == TOOLS_LIST_RESTAURANTS ?
		    json_pack("[O]", args) : json_incref(args);
		text = tools_result_text(&call, (sel >> 2) & 3, data_json);
		if (text == NULL)
			fuzz_fail("tools_result_text", "no text");
		fuzz_check_json(text, strlen(text), "tool result");
		free(text);
		json_decref(data_json);
	} else if (err[0] == '\0') {
		fuzz_fail("tools_prepare", "refused without a message");
	}

	json_decref(args);

	return (0);
}

/* model.c on raw client text, as the site's forms hand it over. */
static void
fuzz_model(const uint8_t *data, size_t size)
{
	char	*s, err[MODEL_ERR_MAX];
	long	 id;
	int	 rating;
	size_t	 n;

	s = fuzz_string(data, size);
	n = model_utf8_len(s);
	if (model_check_text("text", s, MODEL_TEXT_MAX, err,
	    sizeof(err)) == 0 && (n == (size_t)-1 || n > MODEL_TEXT_MAX))
		fuzz_fail("model_check_text", "accepted bad text");
	if (model_parse_id(s, &id) == 0 && (id < 1 || id > MODEL_ID_MAX))
		fuzz_fail("model_parse_id", "id out of range");
	if (model_parse_rating(s, &rating, err, sizeof(err)) == 0 &&
	    (rating < MODEL_RATING_MIN || rating > MODEL_RATING_MAX))
		fuzz_fail("model_parse_rating", "rating out of range");
	free(s);
}

static void
fuzz_accepted(const struct tools_call *call)
{
	static const size_t	 review_max[] = { 0, MODEL_USER_MAX, 0,
				    MODEL_TEXT_MAX };
	static const size_t	 place_max[] = { MODEL_NAME_MAX,
				    MODEL_ADDRESS_MAX, MODEL_DESCRIPTION_MAX };
	const unsigned char	*t;
	size_t			 n, max;
	int			 i;

	if (call->tool == TOOLS_GET_DETAILS || call->tool ==
	    TOOLS_CREATE_REVIEW) {
		if (call->params[0].text != NULL ||
		    call->params[0].num < 1 ||
		    call->params[0].num > MODEL_ID_MAX)
			fuzz_fail("tools_prepare", "restaurant_id escaped");
	}
	if (call->tool == TOOLS_CREATE_REVIEW &&
	    (call->params[2].num < MODEL_RATING_MIN ||
	    call->params[2].num > MODEL_RATING_MAX))
		fuzz_fail("tools_prepare", "rating escaped");

	for (i = 0; i < call->nparams; i++) {
		if ((t = (const unsigned char *)call->params[i].text) == NULL)
			continue;
		max = call->tool == TOOLS_CREATE_REVIEW ? review_max[i] :
		    place_max[i];
		n = model_utf8_len((const char *)t);
		if (n == (size_t)-1 || n > max || n == 0)
			fuzz_fail("tools_prepare", "text escaped");
		for (; *t != '\0'; t++) {
			if ((*t < 0x20 && *t != '\t' && *t != '\n' &&
			    *t != '\r') || *t == 0x7f)
				fuzz_fail("tools_prepare", "control character");
		}
	}
}
