/*
 * challenge.c: WWW-Authenticate as RFC 9110 11.6.1 / 11.2 define it,
 * with the Bearer parameters of RFC 6750 3 and RFC 9728 5.1
 * (resource_metadata).
 */

#include <criterion/criterion.h>

#include <string.h>

#include "challenge.h"

static struct challenges	cs;
static char			err[256];

static void
setup(void)
{
	challenges_init(&cs);
	err[0] = '\0';
}

static void
done(void)
{
	challenges_free(&cs);
}

TestSuite(challenge, .init = setup, .fini = done);

Test(challenge, bearer_with_quoted_params)
{
	const struct challenge	*c;

	cr_assert_eq(challenge_parse(&cs, "Bearer realm=\"127.0.0.1\", "
	    "error=\"invalid_token\", error_description=\"The token is "
	    "expired\", resource_metadata=\"https://h/.well-known/"
	    "oauth-protected-resource/mcp/mcp\"", err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(cs.n, 1);
	cr_assert_not_null(c = challenge_find(&cs, "bearer"));
	cr_assert_eq(c->nparams, 4);
	cr_assert_str_eq(challenge_param(c, "realm"), "127.0.0.1");
	cr_assert_str_eq(challenge_param(c, "ERROR"), "invalid_token");
	cr_assert_str_eq(challenge_param(c, "error_description"),
	    "The token is expired");
	cr_assert_str_eq(challenge_param(c, "resource_metadata"),
	    "https://h/.well-known/oauth-protected-resource/mcp/mcp");
	cr_assert_null(challenge_param(c, "scope"));
}

Test(challenge, escapes_tokens_and_spacing)
{
	const struct challenge	*c;

	cr_assert_eq(challenge_parse(&cs, "Bearer error = invalid_token ,"
	    "error_description=\"a \\\"quoted\\\" \\\\ word, here\"", err,
	    sizeof(err)), 0, "%s", err);
	c = challenge_find(&cs, "Bearer");
	cr_assert_str_eq(challenge_param(c, "error"), "invalid_token");
	cr_assert_str_eq(challenge_param(c, "error_description"),
	    "a \"quoted\" \\ word, here");
}

Test(challenge, several_challenges_and_token68)
{
	const struct challenge	*c;

	cr_assert_eq(challenge_parse(&cs, "Basic realm=\"x\", Negotiate "
	    "YWJj==, Bearer realm=\"y\", scope=\"a b\"", err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(cs.n, 3);
	cr_assert_str_eq(cs.c[0].scheme, "Basic");
	cr_assert_str_eq(cs.c[1].token68, "YWJj==");
	c = challenge_find(&cs, "Bearer");
	cr_assert_str_eq(challenge_param(c, "realm"), "y");
	cr_assert_str_eq(challenge_param(c, "scope"), "a b");
	/* A second header line adds to the set. */
	cr_assert_eq(challenge_parse(&cs, "DPoP algs=\"ES256\"", err,
	    sizeof(err)), 0);
	cr_assert_eq(cs.n, 4);
}

Test(challenge, bare_scheme_and_empty_elements)
{
	cr_assert_eq(challenge_parse(&cs, ", Bearer,,", err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(cs.n, 1);
	cr_assert_eq(cs.c[0].nparams, 0);
}

Test(challenge, malformed_is_refused)
{
	static const char	*bad[][2] = {
		{ "Bearer realm=\"x", "bad quoted string" },
		{ "Bearer realm x", "expected '=' after parameter 'realm'" },
		{ "Bearer error=\"a\", realm=", "has no value" },
		{ "Bearer error=\"a\", error=\"b\"", "appears twice" },
		{ "Bearer Error=\"a\", error=\"b\"", "appears twice" },
		{ "Bearer realm=\"a\" scope=\"b\"", "expected ','" },
		{ "=x", "expected an auth scheme" },
		{ "Bearer realm=\"a\x01\"", "bad quoted string" },
	};
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		challenges_free(&cs);
		err[0] = '\0';
		cr_assert_eq(challenge_parse(&cs, bad[i][0], err,
		    sizeof(err)), -1, "'%s' accepted", bad[i][0]);
		cr_assert(strstr(err, bad[i][1]) != NULL, "'%s': %s",
		    bad[i][0], err);
	}
}
