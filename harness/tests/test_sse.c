/*
 * sse.c: text/event-stream as the WHATWG HTML spec parses it (9.2.6),
 * the framing an MCP server uses for a POST response (mcp-server-rules
 * item 6: "event: message", FastMCP uses CRLF).
 */

#include <criterion/criterion.h>

#include <string.h>

#include "sse.h"

static struct buf	out;

static void
done(void)
{
	buf_free(&out);
}

TestSuite(sse, .fini = done);

static int
last(const char *body, size_t *count)
{
	char	err[128];

	return (sse_last_message(body, strlen(body), &out, count, err,
	    sizeof(err)));
}

Test(sse, one_message_lf_crlf_cr)
{
	size_t	n;

	cr_assert_eq(last("event: message\ndata: {\"id\":1}\n\n", &n), 0);
	cr_assert_str_eq(buf_str(&out), "{\"id\":1}");
	cr_assert_eq(last("event: message\r\ndata: {\"id\":2}\r\n\r\n", &n), 0);
	cr_assert_str_eq(buf_str(&out), "{\"id\":2}");
	cr_assert_eq(last("event: message\rdata: {\"id\":3}\r\r", &n), 0);
	cr_assert_str_eq(buf_str(&out), "{\"id\":3}");
	cr_assert_eq(n, 1);
}

Test(sse, data_lines_join_and_fields)
{
	size_t	n;

	cr_assert_eq(last(": ping\nid: 9\nretry: 10\ndata:{\"a\":\ndata: 1}\n\n",
	    &n), 0);
	cr_assert_str_eq(buf_str(&out), "{\"a\":\n1}");
}

Test(sse, unnamed_event_is_message_others_are_not)
{
	size_t	n;

	cr_assert_eq(last("event: progress\ndata: no\n\ndata: yes\n\n", &n), 0);
	cr_assert_str_eq(buf_str(&out), "yes");
	cr_assert_eq(n, 1);
	/* CRLF is one line end: the name stays with its data. */
	cr_assert_eq(last("event: progress\r\ndata: no\r\n\r\n", &n), -1);
}

Test(sse, last_message_wins)
{
	size_t	n;

	cr_assert_eq(last("event: message\ndata: note\n\n"
	    "event: message\ndata: response\n\n", &n), 0);
	cr_assert_str_eq(buf_str(&out), "response");
	cr_assert_eq(n, 2);
}

Test(sse, unterminated_event_is_discarded)
{
	size_t	n;

	cr_assert_eq(last("event: message\ndata: {\"id\":1}\n", &n), -1);
	cr_assert_eq(last("event: message\ndata: {\"id\":1}", &n), -1);
	cr_assert_eq(last("", &n), -1);
	cr_assert_eq(last("event: message\n\n", &n), -1, "no data, no event");
}

Test(sse, bom_is_skipped)
{
	size_t	n;

	cr_assert_eq(last("\xef\xbb\xbf" "data: x\n\n", &n), 0);
	cr_assert_str_eq(buf_str(&out), "x");
}
