/*
 * grant.c: the token endpoint's decision for every request shape, and
 * the error Entra ID answers for it (status, OAuth error, AADSTS code,
 * description). Codes and texts from the Entra error code reference
 * (MicrosoftDocs/entra-docs: docs/identity-platform/reference-error-
 * codes.md) and observed responses; RFC 6749 sections 2.3, 3.2, 4.4, 5.2.
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "b64.h"
#include "grant.h"
#include "issuer.h"

#define FORM		"application/x-www-form-urlencoded"
#define AGENT		"1e6571b5-b522-426c-a9fa-4b16af19b4e6"
#define AGENT_SECRET	"local-only-agent-secret-3c1f"
#define API		"61c2716c-df87-4216-bad8-d227701f4195"
#define CC		"grant_type=client_credentials"
#define GOOD		CC "&client_id=" AGENT "&client_secret=" AGENT_SECRET \
			"&scope=api%3A%2F%2F" API "%2F.default"

static struct directory	dir;

static void
setup(void)
{
	char	err[ISSUER_ERR_MAX];

	cr_assert_eq(directory_load(&dir, "fixtures/directory.json", err,
	    sizeof(err)), 0, "run from the repository root: %s", err);
}

TestSuite(grant, .init = setup);

static void
run(int endpoint, const char *ctype, const char *authz, const char *body,
    struct grant_result *res)
{
	struct grant_request	req;

	memset(&req, 0, sizeof(req));
	req.endpoint = endpoint;
	req.content_type = ctype;
	req.authorization = authz;
	req.body = body;
	req.body_len = strlen(body);
	grant_evaluate(&dir, &req, res);
}

static void
refused(const struct grant_result *res, int status, const char *error,
    unsigned code, const char *starts)
{
	cr_assert_not(res->ok, "expected %s", error);
	cr_assert_eq(res->err.status, status, "AADSTS%u: status %d",
	    res->err.code, res->err.status);
	cr_assert_str_eq(res->err.error, error);
	cr_assert_eq(res->err.code, code, "%s", res->err.desc);
	cr_assert_eq(strncmp(res->err.desc, starts, strlen(starts)), 0,
	    "description: %s", res->err.desc);
}

static void
basic(char *out, size_t outlen, const char *creds)
{
	char	enc[256];

	cr_assert_eq(b64_encode(B64_STD, creds, strlen(creds), enc,
	    sizeof(enc)), 0);
	(void)snprintf(out, outlen, "Basic %s", enc);
}

Test(grant, client_secret_post)
{
	struct grant_result	res;

	run(2, FORM, NULL, GOOD, &res);
	cr_assert(res.ok, "%s", res.err.desc);
	cr_assert_str_eq(res.client->name, "agent");
	cr_assert_str_eq(res.resource, "api://" API);
	cr_assert_eq(res.version, 2, "requestedAccessTokenVersion 2");
	cr_assert_not(res.basic);
}

Test(grant, client_secret_basic)
{
	struct grant_result	res;
	char			h[512];

	basic(h, sizeof(h), AGENT ":" AGENT_SECRET);
	run(2, FORM "; charset=UTF-8", h, CC "&scope=" API "/.default", &res);
	cr_assert(res.ok, "%s", res.err.desc);
	cr_assert(res.basic);
	cr_assert_str_eq(res.resource, API, "the resource by client id");

	/* client_id may repeat the Basic identity in the body. */
	run(2, FORM, h, CC "&client_id=" AGENT "&scope=" API "/.default",
	    &res);
	cr_assert(res.ok, "%s", res.err.desc);
}

Test(grant, client_id_any_case)
{
	struct grant_result	res;

	run(2, FORM, NULL, CC "&client_id=1E6571B5-B522-426C-A9FA-4B16AF19B4E6"
	    "&client_secret=" AGENT_SECRET "&scope=" API "/.default", &res);
	cr_assert(res.ok, "%s", res.err.desc);
}

Test(grant, token_version_extension)
{
	struct grant_result	res;

	run(2, FORM, NULL, GOOD "&token_version=1", &res);
	cr_assert(res.ok);
	cr_assert_eq(res.version, 1);
	run(2, FORM, NULL, GOOD "&token_version=2", &res);
	cr_assert_eq(res.version, 2);
	run(2, FORM, NULL, GOOD "&token_version=3", &res);
	refused(&res, 400, "invalid_request", 9002313, "Invalid request.");
}

Test(grant, v1_endpoint_takes_resource)
{
	struct grant_result	res;

	run(1, FORM, NULL, CC "&client_id=" AGENT "&client_secret="
	    AGENT_SECRET "&resource=api://" API, &res);
	cr_assert(res.ok, "%s", res.err.desc);
	cr_assert_str_eq(res.resource, "api://" API);
	cr_assert_eq(res.version, 2, "the resource decides, not the endpoint");

	run(1, FORM, NULL, CC "&client_id=" AGENT "&client_secret="
	    AGENT_SECRET "&scope=api://" API "/.default", &res);
	refused(&res, 400, "invalid_request", 900144, "The request body must "
	    "contain the following parameter: 'resource'.");
}

Test(grant, body_must_be_a_form)
{
	struct grant_result	res;

	/* Entra reads no parameter from JSON: grant_type is "missing". */
	run(2, "application/json", NULL, "{\"grant_type\":"
	    "\"client_credentials\"}", &res);
	refused(&res, 400, "invalid_request", 900144, "The request body must "
	    "contain the following parameter: 'grant_type'.");
	run(2, NULL, NULL, GOOD, &res);
	refused(&res, 400, "invalid_request", 900144, "");
}

Test(grant, missing_parameters)
{
	struct grant_result	res;

	run(2, FORM, NULL, "client_id=" AGENT, &res);
	refused(&res, 400, "invalid_request", 900144,
	    "The request body must contain the following parameter: "
	    "'grant_type'.");
	run(2, FORM, NULL, CC "&client_secret=x&scope=" API "/.default", &res);
	refused(&res, 400, "invalid_request", 900144,
	    "The request body must contain the following parameter: "
	    "'client_id'.");
	run(2, FORM, NULL, CC "&client_id=" AGENT "&client_secret=x", &res);
	refused(&res, 400, "invalid_request", 900144,
	    "The request body must contain the following parameter: 'scope'.");
	run(2, FORM, NULL, CC "&client_id=" AGENT "&scope=+++", &res);
	refused(&res, 400, "invalid_request", 900144, "");
}

Test(grant, unsupported_grant_type)
{
	struct grant_result	res;

	run(2, FORM, NULL, "grant_type=password&client_id=" AGENT, &res);
	refused(&res, 400, "unsupported_grant_type", 70003,
	    "The app requested an unsupported grant type 'password'.");
}

Test(grant, scopes)
{
	struct grant_result	res;

	run(2, FORM, NULL, CC "&client_id=" AGENT "&client_secret="
	    AGENT_SECRET "&scope=api://" API "/user_impersonation", &res);
	refused(&res, 400, "invalid_scope", 1002012, "The provided value for "
	    "scope api://" API "/user_impersonation is not valid. Client "
	    "credential flows must have a scope value with /.default");

	run(2, FORM, NULL, CC "&client_id=" AGENT "&client_secret="
	    AGENT_SECRET "&scope=api://" API "/.default+openid", &res);
	refused(&res, 400, "invalid_scope", 70011, "The provided request must "
	    "include a 'scope' input parameter. The provided value for the "
	    "input parameter 'scope' is not valid.");

	run(2, FORM, NULL, CC "&client_id=" AGENT "&client_secret="
	    AGENT_SECRET "&scope=/.default", &res);
	refused(&res, 400, "invalid_scope", 70011, "");

	run(2, FORM, NULL, CC "&client_id=" AGENT "&client_secret="
	    AGENT_SECRET "&scope=+api://" API "/.default+", &res);
	cr_assert(res.ok, "surrounding spaces are not another scope");
}

Test(grant, resource_parameter_on_v2)
{
	struct grant_result	res;

	run(2, FORM, NULL, GOOD "&resource=api://" API, &res);
	refused(&res, 400, "invalid_request", 901002,
	    "The 'resource' request parameter is not supported.");
}

Test(grant, unknown_client)
{
	struct grant_result	res;

	run(2, FORM, NULL, CC "&client_id=00000000-0000-0000-0000-000000000001"
	    "&client_secret=x&scope=" API "/.default", &res);
	refused(&res, 400, "unauthorized_client", 700016, "Application with "
	    "identifier '00000000-0000-0000-0000-000000000001' was not found "
	    "in the directory 'Contoso (local stand-in)'.");
	cr_assert_str_eq(res.client_note, "-");
}

Test(grant, client_secrets)
{
	struct grant_result	res;
	char			h[512];

	run(2, FORM, NULL, CC "&client_id=" AGENT "&client_secret=nope"
	    "&scope=" API "/.default", &res);
	refused(&res, 401, "invalid_client", 7000215, "Invalid client secret "
	    "provided. Ensure the secret being sent in the request is the "
	    "client secret value, not the client secret ID, for a secret "
	    "added to app '" AGENT "'.");
	cr_assert_str_eq(res.client_note, "agent");

	/* Another client's secret is just as wrong. */
	run(2, FORM, NULL, CC "&client_id=" AGENT "&client_secret="
	    "local-only-project-secret-8e2a&scope=" API "/.default", &res);
	refused(&res, 401, "invalid_client", 7000215, "");

	run(2, FORM, NULL, CC "&client_id=" AGENT "&scope=" API "/.default",
	    &res);
	refused(&res, 401, "invalid_client", 7000216, "'client_assertion', "
	    "'client_secret' or 'request' is required for the "
	    "'client_credentials' grant type.");

	basic(h, sizeof(h), AGENT ":wrong");
	run(2, FORM, h, CC "&scope=" API "/.default", &res);
	refused(&res, 401, "invalid_client", 7000215, "");
	cr_assert(res.basic, "so the endpoint challenges with Basic");
}

Test(grant, unknown_resource)
{
	struct grant_result	res;

	run(2, FORM, NULL, CC "&client_id=" AGENT "&client_secret="
	    AGENT_SECRET "&scope=https://management.azure.com/.default", &res);
	refused(&res, 400, "invalid_resource", 500011, "The resource principal "
	    "named https://management.azure.com was not found in the tenant "
	    "named Contoso (local stand-in).");

	run(2, FORM, NULL, CC "&client_id=" AGENT "&client_secret="
	    AGENT_SECRET "&scope=api://" API "/x/.default", &res);
	refused(&res, 400, "invalid_resource", 500011, "");
}

Test(grant, a_client_without_roles_still_gets_a_token)
{
	struct grant_result	res;

	run(2, FORM, NULL, CC "&client_id=e13cebe2-5c29-457b-8b31-cd43dc6db076"
	    "&client_secret=local-only-norole-secret-51b7&scope=api://" API
	    "/.default", &res);
	cr_assert(res.ok, "%s", res.err.desc);
	cr_assert_eq(res.client->nroles, 0);
}

Test(grant, malformed_requests)
{
	struct grant_result	res;
	char			h[512];

	run(2, FORM, NULL, GOOD "&scope=x", &res);
	refused(&res, 400, "invalid_request", 9002313, "Invalid request. "
	    "Request is malformed or invalid. A parameter is repeated");
	run(2, FORM, NULL, CC "&client_id=%zz", &res);
	refused(&res, 400, "invalid_request", 9002313, "");

	basic(h, sizeof(h), AGENT ":" AGENT_SECRET);
	run(2, FORM, h, CC "&client_secret=" AGENT_SECRET "&scope=" API
	    "/.default", &res);
	refused(&res, 400, "invalid_request", 9002313, "Invalid request. "
	    "Request is malformed or invalid. The client authenticated with "
	    "both");
	run(2, FORM, h, CC "&client_id=17ff222a-ccb1-4bab-b807-e3bb447ad866"
	    "&scope=" API "/.default", &res);
	refused(&res, 400, "invalid_request", 9002313, "");
	run(2, FORM, "Basic %%%", CC "&scope=" API "/.default", &res);
	refused(&res, 400, "invalid_request", 9002313, "");
}

Test(grant, secret_comparison)
{
	cr_assert(grant_secret_equal("abc", "abc"));
	cr_assert_not(grant_secret_equal("abc", "abd"));
	cr_assert_not(grant_secret_equal("abc", "abcd"), "no prefix match");
	cr_assert_not(grant_secret_equal("", "abc"));
	cr_assert(grant_secret_equal("", ""));
}

/* A member of the success document as JSON text, e.g. "4000" or 4000. */
static char *
member(int endpoint, const char *name)
{
	json_t	*j;
	char	*doc, *out;

	doc = grant_success_json(endpoint, "T.O.K", "api://x", 1000, 4000, 700);
	cr_assert_not_null(j = json_loads(doc, 0, NULL));
	free(doc);
	out = json_object_get(j, name) == NULL ? strdup("absent") :
	    json_dumps(json_object_get(j, name), JSON_ENCODE_ANY);
	json_decref(j);
	return (out);
}

Test(grant, success_documents)
{
	static const struct {
		int		 endpoint;
		const char	*name, *want;
	} want[] = {
		/* v2.0 endpoint: numbers, four members. */
		{ 2, "token_type", "\"Bearer\"" },
		{ 2, "expires_in", "4000" },
		{ 2, "ext_expires_in", "4000" },
		{ 2, "access_token", "\"T.O.K\"" },
		{ 2, "expires_on", "absent" },
		{ 2, "resource", "absent" },
		/* v1.0 endpoint: strings, and when and for what. */
		{ 1, "token_type", "\"Bearer\"" },
		{ 1, "expires_in", "\"4000\"" },
		{ 1, "ext_expires_in", "\"4000\"" },
		{ 1, "expires_on", "\"5000\"" },
		{ 1, "not_before", "\"700\"" },
		{ 1, "resource", "\"api://x\"" },
		{ 1, "access_token", "\"T.O.K\"" },
	};
	char	*got;
	size_t	 i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		got = member(want[i].endpoint, want[i].name);
		cr_assert_str_eq(got, want[i].want, "v%d endpoint: %s",
		    want[i].endpoint, want[i].name);
		free(got);
	}
}
