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
 * mcp-client: the C MCP client library (harness/src/mcpc.h) as a
 * command, for the guide and for trying a server by hand:
 *
 *	mcp-client [--token-env VAR] [--protocol-version V] [--timeout S]
 *	    [--verbose] URL [TOOL [JSON-ARGS]]
 *
 * connects (initialize, notifications/initialized), lists the tools and,
 * given a TOOL, calls it with JSON-ARGS (default {}), printing each
 * result. The bearer token comes from the environment variable VAR,
 * never from the command line (where ps and shell history would show
 * it), and is never printed.
 *
 * Exit status: 0 done, 1 the server refused or failed (the message says
 * how: HTTP status and challenge, JSON-RPC error, or the tool's error),
 * 2 bad usage.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "buf.h"
#include "limits.h"
#include "mcpc.h"
#include "mem.h"
#include "redact.h"

#define CLIENT_SHOW_MAX	400

static void	usage(void) __attribute__((noreturn));
static void	client_exchange(void *, const char *, const char *,
		    const struct buf *, const struct http_response *);
static void	client_print(json_t *);

static void
usage(void)
{
	fprintf(stderr, "usage: mcp-client [--token-env VAR] "
	    "[--protocol-version V] [--timeout SECONDS]\n"
	    "                  [--verbose] URL [TOOL [JSON-ARGS]]\n");
	exit(2);
}

/* --verbose: one line per exchange on stderr, bodies cut, redacted. */
static void
client_exchange(void *arg, const char *method, const char *url,
    const struct buf *body, const struct http_response *r)
{
	struct buf	b;

	buf_init(&b);
	buf_appendf(&b, "> %s %s", method, url);
	if (body != NULL && body->len > 0) {
		buf_appendc(&b, ' ');
		redact_show(&b, body->data, body->len, CLIENT_SHOW_MAX);
	}
	buf_appendf(&b, "\n< %ld (%.1f ms) %s ", r->status,
	    r->seconds * 1000.0, http_header(r, "content-type") != NULL ?
	    http_header(r, "content-type") : "");
	redact_show(&b, buf_str(&r->body), r->body.len, CLIENT_SHOW_MAX);
	fprintf(stderr, "%s\n", buf_str(&b));
	buf_free(&b);
}

static void
client_print(json_t *j)
{
	char	*s;

	s = json_dumps(j, JSON_INDENT(2) | JSON_ENCODE_ANY);
	printf("%s\n", s != NULL ? s : "null");
	free(s);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "token-env",		required_argument,	NULL, 'e' },
		{ "protocol-version",	required_argument,	NULL, 'p' },
		{ "timeout",		required_argument,	NULL, 't' },
		{ "verbose",		no_argument,		NULL, 'v' },
		{ "help",		no_argument,		NULL, 'h' },
		{ NULL,			0,			NULL, 0 }
	};
	struct http	*http;
	struct mcpc	 c;
	struct buf	 auth;
	json_t		*args, *t, *info;
	json_error_t	 je;
	const char	*var, *version, *tok, *url, *tool;
	char		*end;
	size_t		 i;
	long		 secs;
	int		 ch, verbose, rc;

	var = version = NULL;
	verbose = 0;
	secs = HTTP_TIMEOUT_MS / 1000;
	while ((ch = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			var = optarg;
			break;
		case 'p':
			version = optarg;
			break;
		case 't':
			errno = 0;
			secs = strtol(optarg, &end, 10);
			if (*end != '\0' || errno != 0 || secs < 1 ||
			    secs > 600)
				fatal("--timeout: seconds from 1 to 600");
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > 3)
		usage();
	url = argv[0];
	tool = argc > 1 ? argv[1] : NULL;
	args = NULL;
	if (argc > 2 && ((args = json_loads(argv[2], 0, &je)) == NULL ||
	    !json_is_object(args)))
		fatal("JSON-ARGS must be a JSON object: %s",
		    args == NULL ? je.text : "not an object");
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		fatal("URL must start with http:// or https://");

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatal("curl_global_init failed");
	http = http_new();
	mcpc_init(&c, http, url);
	c.timeout_ms = secs * 1000;
	if (verbose) {
		c.on_exchange = client_exchange;
		c.keep_head = 0;
	}
	buf_init(&auth);
	if (var != NULL) {
		if ((tok = getenv(var)) == NULL || *tok == '\0')
			fatal("--token-env %s: the variable is not set", var);
		if (strlen(tok) > TOKEN_LEN_MAX)
			fatal("--token-env %s: over %d bytes", var,
			    TOKEN_LEN_MAX);
		redact_add(tok);
		buf_appendf(&auth, "Bearer %s", tok);
		mcpc_set_authorization(&c, buf_str(&auth));
		buf_free_secret(&auth);
	}

	rc = 1;
	if (mcpc_connect(&c, version) == -1)
		goto fail;
	info = json_object_get(c.result, "serverInfo");
	printf("server   %s %s (protocol %s, %s)\n",
	    json_string_value(json_object_get(info, "name")),
	    json_is_string(json_object_get(info, "version")) ?
	    json_string_value(json_object_get(info, "version")) : "",
	    c.negotiated, c.session != NULL ? "session id given" :
	    "stateless, no session id");
	if (mcpc_list_tools(&c) == -1)
		goto fail;
	printf("tools    %zu\n", json_array_size(json_object_get(c.result,
	    "tools")));
	json_array_foreach(json_object_get(c.result, "tools"), i, t) {
		printf("  %-24s %s\n",
		    json_string_value(json_object_get(t, "name")),
		    json_is_string(json_object_get(t, "title")) ?
		    json_string_value(json_object_get(t, "title")) : "");
	}
	if (tool != NULL) {
		printf("call     %s\n", tool);
		if (mcpc_call(&c, tool, args) == -1) {
			/* A tool's error still has a result to show. */
			if (c.err.kind == MCPC_TOOL)
				client_print(c.result);
			goto fail;
		}
		client_print(c.result);
	}
	mcpc_close(&c);
	rc = 0;
	goto out;
fail:
	fflush(stdout);
	fprintf(stderr, "mcp-client: %s\n", buf_str(&c.err.message));
out:
	json_decref(args);
	mcpc_free(&c);
	http_free(http);
	curl_global_cleanup();
	redact_clear();
	return (rc);
}
