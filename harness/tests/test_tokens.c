/*
 * tokens.c: the token sources of docs/scenarios.md, the client
 * credentials exchange (OAuth 2.0 RFC 6749 4.4, Entra's v2 token
 * endpoint and its error shape) and that secrets and tokens never end
 * up in messages.
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "canned.h"
#include "form.h"
#include "redact.h"
#include "tokens.h"

static struct settings	set;
static struct tokens	tok;
static struct http	*http;
static struct buf	out;
static char		err[512];
static const char	*env_name, *env_value;
static struct canned	 srv;

static const char *
fake_env(const char *name)
{
	if (env_name != NULL && strcmp(name, env_name) == 0)
		return (env_value);
	return (NULL);
}

static void
setup(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	settings_init(&set);
	http = http_new();
	buf_init(&out);
	env_name = env_value = NULL;
	err[0] = '\0';
}

static void
teardown(void)
{
	canned_free(&srv);
	tokens_free(&tok);
	settings_free(&set);
	http_free(http);
	buf_free(&out);
	redact_clear();
	curl_global_cleanup();
}

TestSuite(tokens, .init = setup, .fini = teardown);

static void
start(void)
{
	settings_defaults(&set);
	tokens_init(&tok, &set, http, fake_env);
}

Test(tokens, parse_success)
{
	const char	*ok = "{\"token_type\":\"Bearer\",\"expires_in\":3599,"
			    "\"ext_expires_in\":3599,\"access_token\":\"eyJ.a.b\"}";

	cr_assert_eq(tokens_parse_response(200, ok, strlen(ok), &out, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(buf_str(&out), "eyJ.a.b");
}

Test(tokens, parse_entra_error)
{
	const char	*e = "{\"error\":\"invalid_client\",\"error_description\":"
			    "\"AADSTS7000215: Invalid client secret provided.\\r\\n"
			    "Trace ID: 1\\r\\nTimestamp: 2026\",\"error_codes\":"
			    "[7000215]}";

	cr_assert_eq(tokens_parse_response(401, e, strlen(e), &out, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "token endpoint answered 401: invalid_client: "
	    "AADSTS7000215: Invalid client secret provided.");
}

Test(tokens, parse_bad_answers)
{
	static const char	*bad[][3] = {
		{ "500", "<html>oops</html>", "without a JSON object" },
		{ "200", "[1]", "without a JSON object" },
		{ "200", "{\"token_type\":\"Bearer\"}", "without access_token" },
		{ "200", "{\"access_token\":\"x\",\"token_type\":\"pop\"}",
		    "token_type 'pop', not Bearer" },
		{ "200", "{\"error\":\"temporarily_unavailable\"}",
		    "200: temporarily_unavailable" },
		{ "400", "{}", "400: no error code" },
	};
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(tokens_parse_response(atol(bad[i][0]), bad[i][1],
		    strlen(bad[i][1]), &out, err, sizeof(err)), -1);
		cr_assert(strstr(err, bad[i][2]) != NULL, "%s: %s", bad[i][1],
		    err);
	}
}

Test(tokens, plain_sources)
{
	int	send;

	start();
	cr_assert_eq(tokens_header(&tok, "none", &out, &send, err,
	    sizeof(err)), 0);
	cr_assert_eq(send, 0);
	cr_assert_eq(tokens_header(&tok, "raw not.a.jwt", &out, &send, err,
	    sizeof(err)), 0);
	cr_assert(send);
	cr_assert_str_eq(buf_str(&out), "Bearer not.a.jwt");
	cr_assert_eq(tokens_header(&tok, "raw", &out, &send, err,
	    sizeof(err)), 0);
	cr_assert_str_eq(buf_str(&out), "Bearer ");
	cr_assert_eq(tokens_header(&tok, "header Basic dXNlcjpwYXNz", &out,
	    &send, err, sizeof(err)), 0);
	cr_assert_str_eq(buf_str(&out), "Basic dXNlcjpwYXNz");
	env_name = "MCP_TOKEN";
	env_value = "tok-from-env-123";
	cr_assert_eq(tokens_header(&tok, "env MCP_TOKEN", &out, &send, err,
	    sizeof(err)), 0);
	cr_assert_str_eq(buf_str(&out), "Bearer tok-from-env-123");
	cr_assert_eq(tokens_header(&tok, "env OTHER", &out, &send, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "token env OTHER: the variable is not set");
}

Test(tokens, fake_is_a_plausible_jwt)
{
	const char	*t, *dot;
	char		 hdr[256];
	size_t		 n;
	int		 send;

	start();
	cr_assert_eq(tokens_header(&tok, "fake", &out, &send, err,
	    sizeof(err)), 0, "%s", err);
	t = buf_str(&out);
	cr_assert(strncmp(t, "Bearer eyJ", 10) == 0);
	t += 7;
	dot = strchr(t, '.');
	cr_assert_not_null(dot);
	cr_assert_not_null(strchr(dot + 1, '.'));
	/* {"typ":"JWT","alg":"RS256","kid":...}: decode the header. */
	n = (size_t)(dot - t);
	cr_assert_lt(n, sizeof(hdr));
	snprintf(hdr, sizeof(hdr), "%.*s", (int)n, t);
	cr_assert(strncmp(hdr, "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIs", 36) ==
	    0, "%s", hdr);
	/* The token is registered for redaction. */
	buf_reset(&out);
	{
		struct buf	shown;
		char		tokcopy[4096];

		snprintf(tokcopy, sizeof(tokcopy), "%s", t);
		buf_init(&shown);
		redact_append(&shown, tokcopy, strlen(tokcopy));
		cr_assert_str_eq(buf_str(&shown), "<redacted>");
		buf_free(&shown);
	}
}

Test(tokens, minted_needs_the_local_key)
{
	int	send;

	start();
	cr_assert_eq(tokens_header(&tok, "minted aud=x", &out, &send, err,
	    sizeof(err)), -1);
	cr_assert(strstr(err, "no local signing key") != NULL);
}

Test(tokens, client_without_secret_or_id)
{
	int	send;

	start();
	cr_assert_eq(tokens_header(&tok, "valid", &out, &send, err,
	    sizeof(err)), -1);
	cr_assert(strstr(err, "no api_uri or client_id") != NULL, "%s", err);
	settings_free(&set);
	settings_init(&set);
	cr_assert_eq(settings_directory(&set, "fixtures/directory.json", err,
	    sizeof(err)), 0, "%s", err);
	free(set.clients[0].secret);
	set.clients[0].secret = NULL;
	start();
	cr_assert_eq(tokens_header(&tok, "client agent", &out, &send, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "no secret for client 'agent': set "
	    "SCENARIO_CLIENT_SECRET_AGENT (or --directory locally; for token "
	    "valid, MCP_TOKEN also does)");
	cr_assert_eq(tokens_header(&tok, "client nobody", &out, &send, err,
	    sizeof(err)), -1);
	cr_assert(strstr(err, "client 'nobody' has no app id") != NULL);
}

Test(tokens, client_credentials_exchange_and_cache)
{
	const char	*reply[1];
	char		 url[128];
	const char	*body = "{\"token_type\":\"Bearer\",\"expires_in\":3599,"
			    "\"access_token\":\"tok-abc-123456789\"}";
	const char	*req;
	int		 send;

	reply[0] = canned_answer("200 OK", "application/json", "", body);
	canned_start(&srv, reply, 1);
	cr_assert_eq(settings_directory(&set, "fixtures/directory.json", err,
	    sizeof(err)), 0, "%s", err);
	snprintf(url, sizeof(url), "%s/", srv.base);
	set.authority = strdup(url);
	start();
	/* The authority's trailing slash is dropped. */
	cr_assert_eq(strlen(set.authority), strlen(url) - 1);
	cr_assert_eq(tokens_header(&tok, "client project", &out, &send, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(buf_str(&out), "Bearer tok-abc-123456789");
	canned_stop(&srv);
	cr_assert_eq(srv.nreqs, 1);
	req = srv.reqs[0];
	cr_assert(strncmp(req, "POST /835db6b3-71d4-4363-b50b-ddf339b33b4b/"
	    "oauth2/v2.0/token HTTP/1.1\r\n", 67) == 0, "%s", req);
	cr_assert(strstr(req, "Content-Type: application/x-www-form-urlencoded"
	    "\r\n") != NULL);
	cr_assert(strstr(req, "\r\n\r\ngrant_type=client_credentials&"
	    "client_id=17ff222a-ccb1-4bab-b807-e3bb447ad866&client_secret="
	    "local-only-project-secret-8e2a&scope=api%3A%2F%2F"
	    "61c2716c-df87-4216-bad8-d227701f4195%2F.default") != NULL, "%s",
	    req);

	/* Cached: the endpoint is gone, and a second use still works. */
	cr_assert_eq(tokens_header(&tok, "client project", &out, &send, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(buf_str(&out), "Bearer tok-abc-123456789");
}

Test(tokens, client_credentials_error_hides_the_secret)
{
	const char	*reply[1];
	const char	*body = "{\"error\":\"invalid_client\","
			    "\"error_description\":\"AADSTS7000215: Invalid "
			    "client secret provided.\"}";
	int		 send;

	reply[0] = canned_answer("401 Unauthorized", "application/json", "",
	    body);
	canned_start(&srv, reply, 1);
	cr_assert_eq(settings_directory(&set, "fixtures/directory.json", err,
	    sizeof(err)), 0);
	set.authority = strdup(srv.base);
	env_name = "SCENARIO_CLIENT_SECRET_AGENT";
	env_value = "env-secret-wins-42";
	start();
	cr_assert_eq(tokens_header(&tok, "valid", &out, &send, err,
	    sizeof(err)), -1);
	cr_assert(strstr(err, "client 'agent' at http://127.0.0.1:") != NULL,
	    "%s", err);
	cr_assert(strstr(err, "401: invalid_client: AADSTS7000215") != NULL);
	cr_assert(strstr(err, "secret-wins") == NULL);
}

Test(tokens, form_encoding)
{
	struct buf	f;

	buf_init(&f);
	form_add(&f, "a b", "x&y=z/é~*");
	form_add(&f, "empty", "");
	cr_assert_str_eq(buf_str(&f), "a+b=x%26y%3Dz%2F%C3%A9%7E*&empty=");
	buf_free(&f);
}

/*
 * make verify: tokens got with az account get-access-token. MCP_TOKEN
 * serves `valid` when the valid client has no secret; MCP_WRONG_AUD_TOKEN
 * serves `wrong-audience` before anything else.
 */
Test(tokens, tokens_from_the_environment)
{
	int	send;

	size_t	i;

	cr_assert_eq(settings_directory(&set, "fixtures/directory.json", err,
	    sizeof(err)), 0, "%s", err);
	for (i = 0; i < set.nclients; i++) {
		free(set.clients[i].secret);
		set.clients[i].secret = NULL;
	}
	start();
	cr_assert_eq(tokens_header(&tok, "valid", &out, &send, err,
	    sizeof(err)), -1);
	cr_assert(strstr(err, "no secret for client 'agent': set "
	    "SCENARIO_CLIENT_SECRET_AGENT") != NULL, "%s", err);
	cr_assert(strstr(err, "MCP_TOKEN also does") != NULL, "%s", err);
	env_name = "MCP_TOKEN";
	env_value = "az-token-for-the-mcp-app";
	cr_assert_eq(tokens_header(&tok, "valid", &out, &send, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert(send);
	cr_assert_str_eq(buf_str(&out), "Bearer az-token-for-the-mcp-app");
	/* Not for a named client: those always use their secret. */
	cr_assert_eq(tokens_header(&tok, "client agent", &out, &send, err,
	    sizeof(err)), -1);
	env_name = "MCP_WRONG_AUD_TOKEN";
	env_value = "az-token-for-arm";
	cr_assert_eq(tokens_header(&tok, "wrong-audience", &out, &send, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(buf_str(&out), "Bearer az-token-for-arm");
}
