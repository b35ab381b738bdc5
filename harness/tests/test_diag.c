/*
 * diag.c: each diagnosis rule against the symptom it names (the guide's
 * troubleshooting table, GUIDE_AUTH_MCP_SERVER.md section 10, and
 * ../shared notes easyauth-and-entra.md section 9), with tokens made to
 * the shapes of notes section 1; what it must not say when the step
 * meant something else; and that a token is never printed.
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "mint.h"

#define TENANT	"835db6b3-71d4-4363-b50b-ddf339b33b4b"
#define CID	"61c2716c-df87-4216-bad8-d227701f4195"
#define URI	"api://" CID
#define AGENT	"1e6571b5-b522-426c-a9fa-4b16af19b4e6"
#define NOW	1800000000
#define V2ISS	"https://login.microsoftonline.com/" TENANT "/v2.0"
#define V1ISS	"https://sts.windows.net/" TENANT "/"

static struct settings		set;
static struct diag_input	in;
static struct http_response	resp;
static struct buf		out, tok;
static int			want200[] = { 200 };
static int			want401[] = { 401 };

static void
setup(void)
{
	memset(&set, 0, sizeof(set));
	set.tenant = TENANT;
	set.client_id = CID;
	set.api_uri = URI;
	http_response_init(&resp);
	buf_init(&out);
	buf_init(&tok);
	memset(&in, 0, sizeof(in));
	in.method = "POST";
	in.base = "https://app.example";
	in.mcp = "https://app.example/mcp/mcp";
	in.url = in.mcp;
	in.token_kind = "valid";
	in.want = want200;
	in.nwant = 1;
	in.resp = &resp;
	in.set = &set;
	in.now = NOW;
	in.target_auth = SCN_AUTH_ON;
	in.timeout_ms = 30000;
}

static void
teardown(void)
{
	http_response_free(&resp);
	buf_free(&out);
	buf_free(&tok);
}

TestSuite(diag, .init = setup, .fini = teardown);

/* An unsigned compact JWS with these claims: diagnosis never checks. */
static const char *
token(const char *claims)
{
	static const char	*hdr = "{\"typ\":\"JWT\",\"alg\":\"RS256\"}";

	buf_reset(&tok);
	mint_b64url(&tok, (const unsigned char *)hdr, strlen(hdr));
	buf_appendc(&tok, '.');
	mint_b64url(&tok, (const unsigned char *)claims, strlen(claims));
	buf_appends(&tok, ".c2lnbmF0dXJl");
	in.token = buf_str(&tok);
	return (in.token);
}

static void
answer(long status, const char *challenge, const char *body)
{
	http_response_free(&resp);
	http_response_init(&resp);
	resp.status = status;
	if (challenge != NULL)
		http_response_add_header(&resp, "WWW-Authenticate", 16,
		    challenge, strlen(challenge));
	buf_appends(&resp.body, body);
}

static const char *
explain(void)
{
	buf_reset(&out);
	cr_assert_eq(diag_explain(&in, &out), 1, "no diagnosis");
	/* The token itself never appears, whatever the rule. */
	if (in.token != NULL)
		cr_assert(strstr(buf_str(&out), in.token) == NULL);
	return (buf_str(&out));
}

#define SAYS(s)		cr_assert(strstr(buf_str(&out), s) != NULL,	\
			    "lacks '%s' in: %s", s, buf_str(&out))

#define V2(extra)	"{\"aud\":\"" CID "\",\"iss\":\"" V2ISS "\",\"iat\":"\
	"1799999000,\"nbf\":1799999000,\"exp\":1800003000,\"azp\":\""	\
	AGENT "\",\"oid\":\"d8911250\",\"tid\":\"" TENANT "\","	\
	"\"ver\":\"2.0\"" extra "}"

Test(diag, forbidden_without_roles_claim)
{
	token(V2(""));
	answer(403, "Bearer error=\"insufficient_scope\", scope=\"MCP.Access\"",
	    "");
	explain();
	SAYS("valid token refused with 403: no roles claim in the token (no "
	    "app role assignment, or no service principal for the app "
	    "registration)");
	SAYS("the token of client " AGENT " (object id d8911250)");
}

Test(diag, forbidden_caller_not_allowed)
{
	/* EasyAuth's 403: empty body, no challenge, the role is there. */
	token(V2(",\"roles\":[\"MCP.Access\"]"));
	answer(403, NULL, "");
	explain();
	SAYS("valid token refused with 403: caller not in "
	    "allowedClientApplications/allowedApplications");
	SAYS("the token's client id (azp) " AGENT " is not allowed");
	/* The local gate says which list; that is shown too. */
	answer(403, NULL, "{\"error\":\"forbidden\",\"error_description\":"
	    "\"client id not in allowedApplications\"}");
	explain();
	SAYS("the server says: client id not in allowedApplications");
}

Test(diag, forbidden_missing_write_role)
{
	token(V2(",\"roles\":[\"MCP.Access\"]"));
	answer(403, "Bearer error=\"insufficient_scope\", scope=\"MCP.Write\"",
	    "");
	explain();
	SAYS("the token lacks the app role MCP.Write");
	SAYS("its roles are [\"MCP.Access\"]");
}

Test(diag, forbidden_other_tenant)
{
	token("{\"aud\":\"" CID "\",\"ver\":\"2.0\",\"tid\":\"other\","
	    "\"roles\":[\"MCP.Access\"],\"azp\":\"" AGENT "\"}");
	answer(403, NULL, "");
	explain();
	SAYS("the caller's tenant is not allowed");
	SAYS("WEBSITE_AUTH_AAD_ALLOWED_TENANTS");
}

Test(diag, unauthorized_v1_uri_audience)
{
	token("{\"aud\":\"" URI "\",\"iss\":\"" V1ISS "\",\"exp\":1800003000,"
	    "\"appid\":\"" AGENT "\",\"ver\":\"1.0\",\"roles\":"
	    "[\"MCP.Access\"]}");
	answer(401, "Bearer error=\"invalid_token\", error_description="
	    "\"wrong audience\"", "");
	explain();
	SAYS("valid token refused with 401: audience form missing from "
	    "allowedAudiences");
	SAYS("the token is v1.0 with aud = the identifier URI " URI);
	SAYS("the token sent: ver 1.0, iss " V1ISS ", aud " URI ", client id "
	    "(appid) " AGENT);
	SAYS("the server says: wrong audience");
}

Test(diag, unauthorized_v1_issuer)
{
	token("{\"aud\":\"" CID "\",\"iss\":\"" V1ISS "\",\"exp\":1800003000,"
	    "\"appid\":\"" AGENT "\",\"ver\":\"1.0\"}");
	answer(401, "Bearer error=\"invalid_token\"", "");
	explain();
	SAYS("valid token refused with 401: v1/v2 issuer mismatch");
	SAYS("set requestedAccessTokenVersion 2");
}

Test(diag, unauthorized_other_tenant)
{
	token("{\"aud\":\"" CID "\",\"iss\":\"https://login.microsoftonline."
	    "com/f8ca6fed/v2.0\",\"exp\":1800003000,\"ver\":\"2.0\"}");
	answer(401, "Bearer error=\"invalid_token\"", "");
	explain();
	SAYS("issuer mismatch: the token comes from another tenant");
	SAYS("its issuer names tenant f8ca6fed, the target's tenant is "
	    TENANT);
}

Test(diag, unauthorized_expired)
{
	token("{\"aud\":\"" CID "\",\"iss\":\"" V2ISS "\",\"exp\":1799990000,"
	    "\"ver\":\"2.0\"}");
	answer(401, "Bearer error=\"invalid_token\"", "");
	explain();
	SAYS("the token has expired");
	SAYS("it expired 166 minutes ago");
}

Test(diag, unauthorized_other_audience)
{
	token("{\"aud\":\"https://management.azure.com\",\"iss\":\"" V2ISS
	    "\",\"exp\":1800003000,\"ver\":\"2.0\"}");
	answer(401, "Bearer error=\"invalid_token\"", "");
	explain();
	SAYS("the token is for another audience");
	SAYS("its aud is https://management.azure.com; this MCP app is " CID);
	SAYS("request scope " URI "/.default");
}

Test(diag, unauthorized_right_token_wrong_registration)
{
	token(V2(",\"roles\":[\"MCP.Access\"]"));
	answer(401, "Bearer error=\"invalid_token\"", "");
	explain();
	SAYS("the token fits this app: the server's registration differs");
	SAYS("registration.clientId is " CID);
}

Test(diag, unauthorized_opaque_token)
{
	in.token = "not-a-jwt";
	in.token_kind = "env";
	answer(401, "Bearer error=\"invalid_token\"", "");
	explain();
	SAYS("valid token refused with 401: the token is not a JWT");
}

Test(diag, prm_missing)
{
	in.method = "GET";
	in.url = "https://app.example/.well-known/oauth-protected-resource";
	in.token_kind = "none";
	answer(404, NULL, "");
	explain();
	SAYS("PRM 404 with auth on: WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES unset, "
	    "or the app not restarted");
	SAYS("set it to " URI "/user_impersonation");
	in.target_auth = SCN_AUTH_OFF;
	explain();
	SAYS("PRM 404: authentication is off");
	/* Auth on and no PRM: the path is protected like any other. */
	answer(401, "Bearer realm=\"app.example\"", "");
	explain();
	SAYS("PRM 401 with auth on: WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES unset");
}

Test(diag, root_open)
{
	in.method = "GET";
	in.url = "https://app.example/";
	in.token_kind = "none";
	in.want = want401;
	answer(200, NULL, "<h1>Restaurants</h1>");
	explain();
	SAYS("root answered 200 without a token: auth disabled, or runtime not "
	    "enforcing");
	SAYS("platform.runtimeVersion");
	in.url = in.mcp;
	explain();
	SAYS("/mcp/mcp answered 200 without a token");
}

Test(diag, get_hanging)
{
	in.method = "GET";
	in.token_kind = "none";
	in.timed_out = 1;
	in.timeout_ms = 2000;
	http_response_add_header(&resp, "Content-Type", 12,
	    "text/event-stream", 17);
	resp.status = 200;
	explain();
	SAYS("GET on the MCP endpoint hanging: no answer within 2 s (200 "
	    "text/event-stream headers, then nothing)");
	SAYS("python-sdk issue #3492");
	/* The same timeout elsewhere is not this diagnosis. */
	in.url = "https://app.example/";
	resp.status = 0;
	explain();
	SAYS("the target does not answer");
}

Test(diag, token_endpoint_refusals)
{
	in.resp = NULL;
	in.error = "client 'agent' at https://login.microsoftonline.com/t/"
	    "oauth2/v2.0/token: token endpoint answered 400: invalid_resource: "
	    "AADSTS500011: The resource principal named api://x was not found";
	explain();
	SAYS("no token: the token endpoint refused the client credentials "
	    "request");
	SAYS("no service principal in this tenant");
	in.error = "token endpoint answered 401: AADSTS7000215: Invalid client "
	    "secret provided.";
	explain();
	SAYS("the client secret is wrong or expired");
	/* No AADSTS code: the request never went out, whatever else. */
	in.error = "token endpoint answered 408 without a JSON object";
	in.token_failed = 1;
	explain();
	SAYS("no token: the token source failed, the request was not sent");
	cr_assert(strstr(buf_str(&out), "does not answer") == NULL);
}

Test(diag, refused_tokens_accepted)
{
	in.token_kind = "fake";
	token(V2(""));
	in.want = want401;
	answer(200, NULL, "{}");
	explain();
	SAYS("a token that must be refused was accepted: signatures are not "
	    "verified");
	in.token_kind = "wrong-audience";
	explain();
	SAYS("audiences are not checked");
}

/* What a step meant decides: no guess when it meant something else. */
Test(diag, no_rule)
{
	/* An E case expecting 401 from a minted bad token, got 403. */
	in.token_kind = "minted";
	in.want = want401;
	token(V2(""));
	answer(403, NULL, "");
	buf_reset(&out);
	cr_assert_eq(diag_explain(&in, &out), 0, "%s", buf_str(&out));
	cr_assert_eq(out.len, 0);
	/* A 500 with a good token. */
	in.want = want200;
	answer(500, NULL, "oops");
	cr_assert_eq(diag_explain(&in, &out), 0, "%s", buf_str(&out));
	/* A 401 for a request without a token that wanted 200. */
	in.token_kind = "none";
	in.token = NULL;
	answer(401, "Bearer", "");
	cr_assert_eq(diag_explain(&in, &out), 0, "%s", buf_str(&out));
}

Test(diag, claims_decoding)
{
	json_t	*c;

	c = diag_claims(token("{\"aud\":\"x\"}"));
	cr_assert_not_null(c);
	cr_assert_str_eq(json_string_value(json_object_get(c, "aud")), "x");
	json_decref(c);
	cr_assert_null(diag_claims("a.b"));
	cr_assert_null(diag_claims("a.%%%.c"));
	cr_assert_null(diag_claims("e30.WzFd.c"), "an array payload");
	cr_assert_null(diag_claims(NULL));
}

Test(diag, target_probe)
{
	diag_target(200, 404, &out);
	cr_assert_str_eq(buf_str(&out), "auth looks off (GET / answered 200, "
	    "the PRM 404): authentication disabled, or runtime not enforcing "
	    "(authsettingsV2 platform.enabled, platform.runtimeVersion ~2, "
	    "then restart; GUIDE section 10)");
}
