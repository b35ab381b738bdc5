/*
 * transport.c: Accept, Content-Type, Origin and Host rules, the
 * configuration, and JSON/SSE framing. Rule numbers are those of the
 * shared MCP server rules (docs/mcp.md): 2 Accept, 3 Content-Type,
 * 6 response framing, 12 Origin and Host.
 */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "transport.h"

static const char	*env_mode, *env_origins;
static char		 err[TRANSPORT_ERR_MAX];

static const char *
fake_env(const char *name)
{
	if (strcmp(name, "MCP_RESPONSE_MODE") == 0)
		return (env_mode);
	if (strcmp(name, "MCP_ALLOWED_ORIGINS") == 0)
		return (env_origins);
	return (NULL);
}

static int
load(struct transport_config *cfg, const char *mode, const char *origins,
    const char *public_url, const char *bind)
{
	env_mode = mode;
	env_origins = origins;
	err[0] = '\0';
	return (transport_config_load(cfg, fake_env, public_url, bind, err,
	    sizeof(err)));
}

static int
accept_ok(const char *accept, int *sse_first)
{
	return (transport_accept(accept, sse_first) == 0);
}

/* Rule 2: both media types must be listed, q > 0; no wildcards. */
Test(transport, accept_needs_both)
{
	int	sse;

	cr_assert(accept_ok("application/json, text/event-stream", &sse));
	cr_assert_eq(sse, 0);
	cr_assert(accept_ok("application/json,text/event-stream", &sse));
	cr_assert(accept_ok("Application/JSON , TEXT/Event-Stream", &sse));
	cr_assert(accept_ok("text/html, application/json;charset=utf-8, "
	    "text/event-stream", &sse));

	cr_assert(!accept_ok(NULL, &sse));
	cr_assert(!accept_ok("*/*", &sse), "both SDKs refuse a wildcard");
	cr_assert(!accept_ok("application/*, text/*", &sse));
	cr_assert(!accept_ok("application/json", &sse));
	cr_assert(!accept_ok("text/event-stream", &sse));
	cr_assert(!accept_ok("application/json, text/event-stream;q=0", &sse));
	cr_assert(!accept_ok("application/json;q=0.000, text/event-stream",
	    &sse));
	cr_assert(!accept_ok("application/jsonx, text/event-stream", &sse));
	cr_assert(!accept_ok("application/json, text/event-streams", &sse));
	cr_assert(!accept_ok("application/json;q=2, text/event-stream", &sse),
	    "a malformed q drops the item");
}

/* Rule 6: SSE when the client ranks text/event-stream first. */
Test(transport, accept_ranking)
{
	int	sse;

	cr_assert(accept_ok("text/event-stream, application/json", &sse));
	cr_assert_eq(sse, 1, "same q, listed first");
	cr_assert(accept_ok("application/json;q=0.5, text/event-stream",
	    &sse));
	cr_assert_eq(sse, 1, "higher q");
	cr_assert(accept_ok("text/event-stream;q=0.9, application/json",
	    &sse));
	cr_assert_eq(sse, 0);
	cr_assert(accept_ok("application/json; q=1.0, text/event-stream; "
	    "q=1", &sse));
	cr_assert_eq(sse, 0);
}

/* Rule 3: application/json, and UTF-8 if a charset is named. */
Test(transport, content_type)
{
	cr_assert_eq(transport_content_type("application/json"), 0);
	cr_assert_eq(transport_content_type("Application/Json"), 0);
	cr_assert_eq(transport_content_type("application/json; "
	    "charset=utf-8"), 0);
	cr_assert_eq(transport_content_type("application/json;charset="
	    "\"UTF-8\""), 0);
	cr_assert_eq(transport_content_type("application/json ; foo=bar"), 0);

	cr_assert_eq(transport_content_type(NULL), -1);
	cr_assert_eq(transport_content_type("text/plain"), -1);
	cr_assert_eq(transport_content_type("application/jsonp"), -1);
	cr_assert_eq(transport_content_type("application/json-seq"), -1);
	cr_assert_eq(transport_content_type("application/x-www-form-"
	    "urlencoded"), -1);
	cr_assert_eq(transport_content_type("application/json; "
	    "charset=latin1"), -1);
}

Test(transport, origin_normalized)
{
	char	out[TRANSPORT_ORIGIN_MAX];

	cr_assert_eq(transport_origin("HTTP://LocalHost:80", out,
	    sizeof(out)), 0);
	cr_assert_str_eq(out, "http://localhost");
	cr_assert_eq(transport_origin("https://App.Example:443/", out,
	    sizeof(out)), 0);
	cr_assert_str_eq(out, "https://app.example");
	cr_assert_eq(transport_origin("http://[::1]:8080", out, sizeof(out)),
	    0);
	cr_assert_str_eq(out, "http://[::1]:8080");
	cr_assert_eq(transport_origin("http://a.example:08080", out,
	    sizeof(out)), 0);
	cr_assert_str_eq(out, "http://a.example:8080");

	cr_assert_eq(transport_origin("null", out, sizeof(out)), -1);
	cr_assert_eq(transport_origin("http://a.example/path", out,
	    sizeof(out)), -1);
	cr_assert_eq(transport_origin("http://user@a.example", out,
	    sizeof(out)), -1);
	cr_assert_eq(transport_origin("http://a.example:0", out, sizeof(out)),
	    -1);
	cr_assert_eq(transport_origin("http://a.example:99999", out,
	    sizeof(out)), -1);
	cr_assert_eq(transport_origin("http://", out, sizeof(out)), -1);
	cr_assert_eq(transport_origin("*", out, sizeof(out)), -1);
}

Test(transport, config_defaults)
{
	struct transport_config	cfg;

	cr_assert_eq(load(&cfg, NULL, NULL, "http://127.0.0.1:8000",
	    "127.0.0.1"), 0, "%s", err);
	cr_assert_eq(cfg.sse, 0);
	cr_assert_eq(cfg.loopback, 1);
	cr_assert_eq(cfg.check_host, 1);
	cr_assert_eq(cfg.norigins, 0);
	cr_assert_str_eq(cfg.public_origin, "http://127.0.0.1:8000");

	cr_assert_eq(load(&cfg, "sse", "", "https://app.example",
	    "0.0.0.0"), 0);
	cr_assert_eq(cfg.sse, 1);
	cr_assert_eq(cfg.check_host, 0, "not loopback: no Host check");
	cr_assert_str_eq(cfg.public_host, "app.example");

	cr_assert_eq(load(&cfg, "json", NULL, "https://app.example", "::1"),
	    0);
	cr_assert_eq(cfg.check_host, 1);
}

Test(transport, config_refusals)
{
	struct transport_config	cfg;

	cr_assert_eq(load(&cfg, "stream", NULL, "http://127.0.0.1:8000",
	    "127.0.0.1"), -1);
	cr_assert_str_eq(err, "MCP_RESPONSE_MODE must be json or sse");
	cr_assert_eq(load(&cfg, NULL, "*", "http://127.0.0.1:8000",
	    "127.0.0.1"), -1, "never reflect every origin");
	cr_assert(strstr(err, "MCP_ALLOWED_ORIGINS") != NULL);
	cr_assert_eq(load(&cfg, NULL, "https://a.example/mcp",
	    "http://127.0.0.1:8000", "127.0.0.1"), -1);
}

/* Rule 12: allowed origins, compared normalized. */
Test(transport, origin_allowed)
{
	struct transport_config	cfg;

	cr_assert_eq(load(&cfg, NULL, NULL, "https://app.example",
	    "0.0.0.0"), 0);
	cr_assert(transport_origin_allowed(&cfg, "https://app.example"));
	cr_assert(transport_origin_allowed(&cfg, "https://APP.example:443"));
	cr_assert(transport_origin_allowed(&cfg, "http://localhost:6274"),
	    "a local inspector, by default");
	cr_assert(transport_origin_allowed(&cfg, "http://127.0.0.1"));
	cr_assert(transport_origin_allowed(&cfg, "http://[::1]:3000"));

	cr_assert(!transport_origin_allowed(&cfg, "http://app.example"),
	    "scheme matters");
	cr_assert(!transport_origin_allowed(&cfg, "https://evil.example"));
	cr_assert(!transport_origin_allowed(&cfg,
	    "http://localhost.evil.example"));
	cr_assert(!transport_origin_allowed(&cfg,
	    "http://127.0.0.1.evil.example"));
	cr_assert(!transport_origin_allowed(&cfg, "null"));
	cr_assert(!transport_origin_allowed(&cfg, "file://"));
	cr_assert(!transport_origin_allowed(&cfg, "ftp://localhost"));
	cr_assert(!transport_origin_allowed(&cfg, ""));

	cr_assert_eq(load(&cfg, NULL, "https://portal.example, "
	    "http://tools.example:8080", "https://app.example", "0.0.0.0"), 0);
	cr_assert_eq(cfg.norigins, 2);
	cr_assert(transport_origin_allowed(&cfg, "https://portal.example"));
	cr_assert(transport_origin_allowed(&cfg, "http://tools.example:8080"));
	cr_assert(transport_origin_allowed(&cfg, "https://app.example"),
	    "the app's own origin always");
	cr_assert(!transport_origin_allowed(&cfg, "http://localhost:6274"),
	    "a list without 'loopback' leaves loopback out");

	cr_assert_eq(load(&cfg, NULL, "loopback https://portal.example",
	    "https://app.example", "0.0.0.0"), 0);
	cr_assert(transport_origin_allowed(&cfg, "http://localhost:6274"));
}

/* Rule 12: DNS rebinding against a loopback listener. */
Test(transport, host_allowed)
{
	struct transport_config	cfg;

	cr_assert_eq(load(&cfg, NULL, NULL, "http://127.0.0.1:8000",
	    "127.0.0.1"), 0);
	cr_assert(transport_host_allowed(&cfg, "127.0.0.1:8000"));
	cr_assert(transport_host_allowed(&cfg, "localhost"));
	cr_assert(transport_host_allowed(&cfg, "LOCALHOST:9"));
	cr_assert(transport_host_allowed(&cfg, "[::1]:8000"));
	cr_assert(!transport_host_allowed(&cfg, "evil.example"));
	cr_assert(!transport_host_allowed(&cfg, "evil.example:8000"));
	cr_assert(!transport_host_allowed(&cfg, "localhost.evil.example"));
	cr_assert(!transport_host_allowed(&cfg, "127.0.0.1:8000/x"));
	cr_assert(!transport_host_allowed(&cfg, NULL));

	cr_assert_eq(load(&cfg, NULL, NULL, "https://tunnel.example",
	    "127.0.0.1"), 0);
	cr_assert(transport_host_allowed(&cfg, "tunnel.example"),
	    "the public host, behind a proxy");

	cr_assert_eq(load(&cfg, NULL, NULL, "https://app.example",
	    "0.0.0.0"), 0);
	cr_assert(transport_host_allowed(&cfg, "anything.example"),
	    "not on loopback: the platform routes by Host");
}

/* Rule 6: event: message + data:, one event per answer; JSON arrays. */
Test(transport, framing)
{
	static const char	*oops = "{\"jsonrpc\":\"2.0\",\"id\":null,"
				    "\"error\":{\"code\":-32603,"
				    "\"message\":\"Internal error\"}}";
	char	*texts[2], *out;
	size_t	 len;

	texts[0] = "{\"a\":1}";
	texts[1] = "{\"b\":2}";

	out = transport_frame(texts, 1, 0, 0, &len);
	cr_assert_eq(len, 7);
	cr_assert(memcmp(out, "{\"a\":1}", len) == 0);
	free(out);

	out = transport_frame(texts, 2, 1, 0, &len);
	cr_assert_eq(len, strlen("[{\"a\":1},{\"b\":2}]"));
	cr_assert(memcmp(out, "[{\"a\":1},{\"b\":2}]", len) == 0);
	free(out);

	out = transport_frame(texts, 1, 0, 1, &len);
	cr_assert_eq(len, strlen("event: message\ndata: {\"a\":1}\n\n"));
	cr_assert(memcmp(out, "event: message\ndata: {\"a\":1}\n\n", len) == 0);
	free(out);

	out = transport_frame(texts, 2, 1, 1, &len);
	cr_assert(memcmp(out, "event: message\ndata: {\"a\":1}\n\n"
	    "event: message\ndata: {\"b\":2}\n\n", len) == 0);
	free(out);

	texts[0] = NULL;
	out = transport_frame(texts, 1, 0, 0, &len);
	cr_assert_eq(len, strlen(oops));
	cr_assert(memcmp(out, oops, len) == 0);
	free(out);
}
