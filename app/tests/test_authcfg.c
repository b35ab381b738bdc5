/*
 * authcfg.c: the authsettingsV2 document and App Service app settings.
 * Every refusal names the field to fix (issue 4: "incomplete or
 * contradictory configuration -> refuse to start with a message that
 * names the field"); auth is off only without a document or with
 * platform.enabled false.
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authcfg.h"
#include "env.h"

#define TENANT		"835db6b3-71d4-4363-b50b-ddf339b33b4b"
#define CLIENT		"61c2716c-df87-4216-bad8-d227701f4195"
#define ISS_V2		"https://login.microsoftonline.com/" TENANT "/v2.0"

/* A valid document; %s slots: globalValidation extra, aad extra. */
#define DOC(gv, aad) \
	"{\"platform\":{\"enabled\":true}," \
	"\"globalValidation\":{\"requireAuthentication\":true," \
	"\"unauthenticatedClientAction\":\"Return401\"" gv "}," \
	"\"identityProviders\":{\"azureActiveDirectory\":{" \
	"\"registration\":{\"clientId\":\"" CLIENT "\"," \
	"\"openIdIssuer\":\"" ISS_V2 "\"}" aad "}}}"

static struct authcfg	 cfg;
static char		 err[AUTHCFG_ERR_MAX];

static void
reset(void)
{
	env_n = 0;
	memset(&cfg, 0, sizeof(cfg));
	err[0] = '\0';
}

static void
done(void)
{
	authcfg_free(&cfg);
}

TestSuite(authcfg, .init = reset, .fini = done);

static int
load(const char *doc)
{
	if (doc != NULL)
		env_set("AUTH_SETTINGS_JSON", doc);
	return (authcfg_load(&cfg, env_get, err, sizeof(err)));
}

/* The load fails and the message names the field. */
static void
refuse(const char *doc, const char *field)
{
	cr_assert_eq(load(doc), -1, "accepted; wanted a refusal naming %s",
	    field);
	if (getenv("SHOW_REFUSALS") != NULL)
		fprintf(stderr, "refused: %s\n", err);
	cr_assert(strstr(err, field) != NULL, "message '%s' does not name %s",
	    err, field);
	cr_assert_not(cfg.enabled);
}

Test(authcfg, no_document_means_off)
{
	cr_assert_eq(load(NULL), 0);
	cr_assert_not(cfg.enabled);
}

Test(authcfg, app_settings_ignored_when_off)
{
	env_set("WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES", "api://x/y");
	cr_assert_eq(load(NULL), 0);
	cr_assert_not(cfg.enabled);
	cr_assert_eq(cfg.nnotes, 1, "says the settings are ignored");
}

Test(authcfg, platform_disabled_means_off)
{
	cr_assert_eq(load("{\"platform\":{\"enabled\":false}}"), 0);
	cr_assert_not(cfg.enabled);
}

/* The shared fixture, the document Azure deploys, loads as expected. */
Test(authcfg, fixture_document)
{
	env_set("AUTH_SETTINGS_FILE", "fixtures/authsettings.json");
	env_set("WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES",
	    "api://" CLIENT "/user_impersonation");
	cr_assert_eq(load(NULL), 0, "%s", err);
	cr_assert(cfg.enabled);
	cr_assert_eq(cfg.action, AUTHCFG_RETURN_401);
	cr_assert_str_eq(cfg.tenant, TENANT);
	cr_assert_str_eq(cfg.client_id, CLIENT);
	cr_assert_str_eq(cfg.issuer_v2, ISS_V2);
	cr_assert_str_empty(cfg.issuer_v1);
	cr_assert_str_eq(cfg.authority, "https://login.microsoftonline.com");
	cr_assert_eq(cfg.audiences.n, 2, "api:// form and the GUID, once");
	cr_assert(authcfg_list_has(&cfg.audiences, "api://" CLIENT));
	cr_assert(authcfg_list_has(&cfg.audiences, CLIENT));
	cr_assert_eq(cfg.client_apps.n, 3);
	cr_assert_eq(cfg.applications.n, 3);
	/* /healthz, and the path-form PRM URL EasyAuth would refuse. */
	cr_assert_eq(cfg.excluded.n, 2);
	cr_assert(authcfg_list_has(&cfg.excluded, "/healthz"));
	cr_assert(authcfg_list_has(&cfg.excluded,
	    "/.well-known/oauth-protected-resource/mcp/mcp"));
	cr_assert_eq(cfg.prm_scopes.n, 1);
	cr_assert_str_eq(cfg.default_role, "MCP.Access");
	cr_assert_eq(cfg.skew, 300);
}

/* What `az webapp auth show` prints: the resource with "properties". */
Test(authcfg, whole_arm_resource)
{
	cr_assert_eq(load("{\"name\":\"authsettingsV2\",\"properties\":"
	    DOC("", "") "}"), 0, "%s", err);
	cr_assert(cfg.enabled);
}

Test(authcfg, client_id_is_always_an_audience)
{
	cr_assert_eq(load(DOC("", "")), 0, "%s", err);
	cr_assert_eq(cfg.audiences.n, 1);
	cr_assert_str_eq(cfg.audiences.v[0], CLIENT);
}

Test(authcfg, v1_open_id_issuer)
{
	cr_assert_eq(load("{\"platform\":{\"enabled\":true},"
	    "\"globalValidation\":{\"requireAuthentication\":true,"
	    "\"unauthenticatedClientAction\":\"Return403\"},"
	    "\"identityProviders\":{\"azureActiveDirectory\":{"
	    "\"registration\":{\"clientId\":\"" CLIENT "\","
	    "\"openIdIssuer\":\"https://sts.windows.net/" TENANT "/\"}}}}"),
	    0, "%s", err);
	cr_assert_eq(cfg.action, AUTHCFG_RETURN_403);
	cr_assert_str_eq(cfg.issuer_v1, "https://sts.windows.net/" TENANT "/");
	cr_assert_str_eq(cfg.issuer_v2, ISS_V2);
	cr_assert_str_eq(cfg.authority, "https://login.microsoftonline.com",
	    "sts.windows.net publishes no metadata");
}

Test(authcfg, allow_anonymous)
{
	cr_assert_eq(load("{\"platform\":{\"enabled\":true},"
	    "\"globalValidation\":{\"requireAuthentication\":false,"
	    "\"unauthenticatedClientAction\":\"AllowAnonymous\"},"
	    "\"identityProviders\":{\"azureActiveDirectory\":{"
	    "\"registration\":{\"clientId\":\"" CLIENT "\","
	    "\"openIdIssuer\":\"" ISS_V2 "\"}}}}"), 0, "%s", err);
	cr_assert_eq(cfg.action, AUTHCFG_ALLOW_ANONYMOUS);
}

Test(authcfg, refuses_both_sources)
{
	env_set("AUTH_SETTINGS_FILE", "fixtures/authsettings.json");
	refuse(DOC("", ""), "AUTH_SETTINGS_JSON");
}

Test(authcfg, refuses_unreadable_file)
{
	env_set("AUTH_SETTINGS_FILE", "fixtures/no-such-file.json");
	refuse(NULL, "AUTH_SETTINGS_FILE");
}

Test(authcfg, refuses_oversized_file)
{
	char	 path[] = "/tmp/authcfg-XXXXXX";
	FILE	*fp;
	int	 fd, i;

	cr_assert_neq(fd = mkstemp(path), -1);
	fp = fdopen(fd, "w");
	for (i = 0; i < AUTHCFG_DOC_MAX + 10; i++)
		fputc(' ', fp);
	fclose(fp);
	env_set("AUTH_SETTINGS_FILE", path);
	refuse(NULL, "larger than");
	unlink(path);
}

Test(authcfg, refuses_bad_json)
{
	refuse("{\"platform\":", "not valid JSON");
	reset();
	refuse("[1]", "JSON object");
	reset();
	refuse("{\"platform\":{\"enabled\":true},\"platform\":{}}",
	    "not valid JSON");
}

Test(authcfg, refuses_platform)
{
	refuse("{}", "platform");
	reset();
	refuse("{\"platform\":true}", "platform");
	reset();
	refuse("{\"platform\":{}}", "platform.enabled");
	reset();
	refuse("{\"platform\":{\"enabled\":\"true\"}}", "platform.enabled");
}

Test(authcfg, refuses_global_validation)
{
	refuse("{\"platform\":{\"enabled\":true}}", "globalValidation");
	reset();
	refuse("{\"platform\":{\"enabled\":true},\"globalValidation\":{}}",
	    "globalValidation.requireAuthentication");
}

Test(authcfg, refuses_actions)
{
	const char	*docs[] = {
		/* unknown */
		"{\"platform\":{\"enabled\":true},\"globalValidation\":{"
		"\"requireAuthentication\":true,\"unauthenticatedClientAction\":"
		"\"Return402\"}}",
		/* Azure's default, which needs a browser login */
		"{\"platform\":{\"enabled\":true},\"globalValidation\":{"
		"\"requireAuthentication\":true}}",
		"{\"platform\":{\"enabled\":true},\"globalValidation\":{"
		"\"requireAuthentication\":true,\"unauthenticatedClientAction\":"
		"\"RedirectToLoginPage\"}}",
		/* contradictions */
		"{\"platform\":{\"enabled\":true},\"globalValidation\":{"
		"\"requireAuthentication\":true,\"unauthenticatedClientAction\":"
		"\"AllowAnonymous\"}}",
		"{\"platform\":{\"enabled\":true},\"globalValidation\":{"
		"\"requireAuthentication\":false,\"unauthenticatedClientAction\":"
		"\"Return401\"}}",
	};
	size_t		 i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		reset();
		refuse(docs[i], "globalValidation.unauthenticatedClientAction");
	}
}

Test(authcfg, refuses_excluded_paths)
{
	refuse(DOC(",\"excludedPaths\":\"/healthz\"", ""),
	    "globalValidation.excludedPaths");
	reset();
	refuse(DOC(",\"excludedPaths\":[\"healthz\"]", ""),
	    "globalValidation.excludedPaths[0]");
	reset();
	refuse(DOC(",\"excludedPaths\":[\"/a/*/b\"]", ""),
	    "globalValidation.excludedPaths[0]");
	reset();
	refuse(DOC(",\"excludedPaths\":[\"/a b\"]", ""),
	    "globalValidation.excludedPaths[0]");
}

Test(authcfg, refuses_api_prefix)
{
	refuse("{\"platform\":{\"enabled\":true},\"globalValidation\":{"
	    "\"requireAuthentication\":true,\"unauthenticatedClientAction\":"
	    "\"Return401\"},\"httpSettings\":{\"routes\":{\"apiPrefix\":"
	    "\"/auth\"}}}", "httpSettings.routes.apiPrefix");
}

Test(authcfg, refuses_identity_providers)
{
	const char	*gv = "{\"platform\":{\"enabled\":true},"
	    "\"globalValidation\":{\"requireAuthentication\":true,"
	    "\"unauthenticatedClientAction\":\"Return401\"}";
	char		 doc[1024];

	snprintf(doc, sizeof(doc), "%s}", gv);
	refuse(doc, "identityProviders");
	reset();
	snprintf(doc, sizeof(doc), "%s,\"identityProviders\":{}}", gv);
	refuse(doc, "identityProviders.azureActiveDirectory");
	reset();
	snprintf(doc, sizeof(doc), "%s,\"identityProviders\":{\"google\":{"
	    "\"enabled\":true},\"azureActiveDirectory\":{}}}", gv);
	refuse(doc, "identityProviders.google");
	reset();
	snprintf(doc, sizeof(doc), "%s,\"identityProviders\":{"
	    "\"azureActiveDirectory\":{\"enabled\":false}}}", gv);
	refuse(doc, "identityProviders.azureActiveDirectory.enabled");
	reset();
	snprintf(doc, sizeof(doc), "%s,\"identityProviders\":{"
	    "\"azureActiveDirectory\":{}}}", gv);
	refuse(doc, "identityProviders.azureActiveDirectory.registration");
}

/* A disabled second provider is fine (the portal leaves them there). */
Test(authcfg, disabled_other_provider)
{
	cr_assert_eq(load("{\"platform\":{\"enabled\":true},"
	    "\"globalValidation\":{\"requireAuthentication\":true,"
	    "\"unauthenticatedClientAction\":\"Return401\"},"
	    "\"identityProviders\":{\"facebook\":{\"enabled\":false},"
	    "\"azureActiveDirectory\":{\"registration\":{\"clientId\":\""
	    CLIENT "\",\"openIdIssuer\":\"" ISS_V2 "\"}}}}"), 0, "%s", err);
}

Test(authcfg, refuses_registration)
{
	const char	*head = "{\"platform\":{\"enabled\":true},"
	    "\"globalValidation\":{\"requireAuthentication\":true,"
	    "\"unauthenticatedClientAction\":\"Return401\"},"
	    "\"identityProviders\":{\"azureActiveDirectory\":{"
	    "\"registration\":{";
	const char	*cases[][2] = {
		{ "\"openIdIssuer\":\"" ISS_V2 "\"", "registration.clientId" },
		{ "\"clientId\":\"my-app\",\"openIdIssuer\":\"" ISS_V2 "\"",
		    "registration.clientId" },
		{ "\"clientId\":\"" CLIENT "\"", "registration.openIdIssuer" },
		{ "\"clientId\":\"" CLIENT "\",\"openIdIssuer\":"
		    "\"http://login.microsoftonline.com/" TENANT "/v2.0\"",
		    "registration.openIdIssuer" },
		{ "\"clientId\":\"" CLIENT "\",\"openIdIssuer\":"
		    "\"https://login.microsoftonline.com/common/v2.0\"",
		    "multi-tenant" },
		{ "\"clientId\":\"" CLIENT "\",\"openIdIssuer\":"
		    "\"https://login.microsoftonline.com/" TENANT "/v3\"",
		    "registration.openIdIssuer" },
		{ "\"clientId\":\"" CLIENT "\",\"openIdIssuer\":"
		    "\"https://login.microsoftonline.com/\"",
		    "registration.openIdIssuer" },
		{ "\"clientId\":\"" CLIENT "\",\"openIdIssuer\":42",
		    "registration.openIdIssuer" },
	};
	char		 doc[1024];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset();
		snprintf(doc, sizeof(doc), "%s%s}}}}", head, cases[i][0]);
		refuse(doc, cases[i][1]);
	}
}

/* Allow-lists present but empty: refused (pnp PR #264, notes 4.5). */
Test(authcfg, refuses_empty_allow_lists)
{
	const char	*cases[][2] = {
		{ ",\"validation\":{\"jwtClaimChecks\":"
		    "{\"allowedClientApplications\":[]}}",
		    "jwtClaimChecks.allowedClientApplications" },
		{ ",\"validation\":{\"jwtClaimChecks\":{\"allowedGroups\":[]}}",
		    "jwtClaimChecks.allowedGroups" },
		{ ",\"validation\":{\"defaultAuthorizationPolicy\":"
		    "{\"allowedApplications\":[]}}",
		    "defaultAuthorizationPolicy.allowedApplications" },
		{ ",\"validation\":{\"defaultAuthorizationPolicy\":"
		    "{\"allowedPrincipals\":{\"identities\":[]}}}",
		    "allowedPrincipals.identities" },
		{ ",\"validation\":{\"defaultAuthorizationPolicy\":"
		    "{\"allowedPrincipals\":{\"groups\":[]}}}",
		    "allowedPrincipals.groups" },
		{ ",\"validation\":{\"defaultAuthorizationPolicy\":"
		    "{\"allowedPrincipals\":{}}}", "allowedPrincipals" },
		{ ",\"validation\":{\"allowedAudiences\":\"x\"}",
		    "validation.allowedAudiences" },
		{ ",\"validation\":{\"allowedAudiences\":[\"\"]}",
		    "validation.allowedAudiences[0]" },
		{ ",\"validation\":{\"jwtClaimChecks\":"
		    "{\"allowedClientApplications\":[7]}}",
		    "allowedClientApplications[0]" },
		{ ",\"validation\":[]", "validation" },
	};
	char		 doc[1024];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset();
		snprintf(doc, sizeof(doc), DOC("", "%s"), cases[i][0]);
		refuse(doc, cases[i][1]);
	}
}

/* An empty allowedAudiences only means "the client id": accepted. */
Test(authcfg, empty_audiences_accepted)
{
	cr_assert_eq(load(DOC("", ",\"validation\":{\"allowedAudiences\":"
	    "[]}")), 0, "%s", err);
	cr_assert_eq(cfg.audiences.n, 1);
}

Test(authcfg, disable_www_authenticate)
{
	cr_assert_eq(load(DOC("", ",\"login\":{\"disableWWWAuthenticate\":"
	    "true}")), 0, "%s", err);
	cr_assert_not(cfg.www_authenticate);
}

Test(authcfg, refuses_app_settings)
{
	const char	*cases[][3] = {
		{ "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES", "api://x/a b",
		    "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES" },
		{ "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES", "api://x/\"a",
		    "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES" },
		{ "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES", "a,,b",
		    "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES" },
		{ "WEBSITE_AUTH_AAD_ALLOWED_TENANTS", "contoso",
		    "WEBSITE_AUTH_AAD_ALLOWED_TENANTS" },
		{ "WEBSITE_AUTH_AAD_ALLOWED_TENANTS",
		    TENANT "," TENANT "," TENANT "x",
		    "WEBSITE_AUTH_AAD_ALLOWED_TENANTS" },
		{ "WEBSITE_AUTH_AAD_REQUIRE_CLIENT_SERVICE_PRINCIPAL", "yes",
		    "WEBSITE_AUTH_AAD_REQUIRE_CLIENT_SERVICE_PRINCIPAL" },
		{ "AUTH_AUTHORITY_URL", "ftp://127.0.0.1",
		    "AUTH_AUTHORITY_URL" },
		{ "AUTH_AUTHORITY_URL", "http://127.0.0.1:1/tenant",
		    "AUTH_AUTHORITY_URL" },
		{ "MCP_TOOL_ROLES", "create_review_mcp", "MCP_TOOL_ROLES" },
		{ "MCP_TOOL_ROLES", "=MCP.Write", "MCP_TOOL_ROLES" },
		{ "MCP_TOOL_ROLES", "a=", "MCP_TOOL_ROLES" },
		{ "MCP_TOOL_ROLES", "a b=MCP.Write", "MCP_TOOL_ROLES" },
		{ "MCP_TOOL_ROLES", "a=MCP Write", "MCP_TOOL_ROLES" },
		{ "MCP_TOOL_ROLES", "a=X,a=Y", "MCP_TOOL_ROLES" },
	};
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset();
		env_set(cases[i][0], cases[i][1]);
		refuse(DOC("", ""), cases[i][2]);
	}
}

/* Every scope goes into every challenge: their total length is bounded. */
Test(authcfg, scopes_fit_a_challenge)
{
	char	scopes[3 * 201];
	int	i;

	for (i = 0; i < 3; i++) {
		memset(scopes + i * 201, 'a' + i, 200);
		scopes[i * 201 + 200] = ',';
	}
	scopes[sizeof(scopes) - 1] = '\0';
	env_set("WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES", scopes);
	refuse(DOC("", ""), "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES is longer");
}

Test(authcfg, too_many_tenants)
{
	env_set("WEBSITE_AUTH_AAD_ALLOWED_TENANTS",
	    "00000000-0000-0000-0000-000000000001,"
	    "00000000-0000-0000-0000-000000000002,"
	    "00000000-0000-0000-0000-000000000003,"
	    "00000000-0000-0000-0000-000000000004,"
	    "00000000-0000-0000-0000-000000000005,"
	    "00000000-0000-0000-0000-000000000006,"
	    "00000000-0000-0000-0000-000000000007,"
	    "00000000-0000-0000-0000-000000000008,"
	    "00000000-0000-0000-0000-000000000009,"
	    "00000000-0000-0000-0000-00000000000a,"
	    "00000000-0000-0000-0000-00000000000b");
	refuse(DOC("", ""), "more than 10");
}

Test(authcfg, app_settings_parsed)
{
	env_set("WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES",
	    " api://" CLIENT "/user_impersonation , api://" CLIENT "/other");
	env_set("WEBSITE_AUTH_AAD_ALLOWED_TENANTS",
	    "835DB6B3-71D4-4363-B50B-DDF339B33B4B");
	env_set("WEBSITE_AUTH_AAD_REQUIRE_CLIENT_SERVICE_PRINCIPAL", "True");
	env_set("AUTH_AUTHORITY_URL", "HTTP://127.0.0.1:23900/");
	env_set("MCP_TOOL_ROLES", " create_review_mcp = MCP.Write ,"
	    "*=Reviews.Read");
	cr_assert_eq(load(DOC("", "")), 0, "%s", err);
	cr_assert_eq(cfg.prm_scopes.n, 2);
	cr_assert_str_eq(cfg.prm_scopes.v[1], "api://" CLIENT "/other");
	cr_assert_str_eq(cfg.tenants.v[0], TENANT, "lower-cased");
	cr_assert(cfg.require_sp);
	cr_assert_str_eq(cfg.authority, "http://127.0.0.1:23900");
	cr_assert(cfg.authority_local);
	cr_assert_str_eq(cfg.issuer_v2, ISS_V2,
	    "the stand-in still issues Entra's issuer strings");
	cr_assert_eq(cfg.ntools, 1);
	cr_assert_str_eq(authcfg_tool_role(&cfg, "create_review_mcp"),
	    "MCP.Write");
	cr_assert_str_eq(authcfg_tool_role(&cfg, "list_restaurants_mcp"),
	    "Reviews.Read");
}

/* excludedPaths: exact, or prefix when the entry ends in '*'. */
Test(authcfg, excluded_path_matching)
{
	cr_assert_eq(load(DOC(",\"excludedPaths\":[\"/healthz\","
	    "\"/static/*\"]", "")), 0, "%s", err);
	cr_assert(authcfg_path_excluded(&cfg, "/healthz"));
	cr_assert_not(authcfg_path_excluded(&cfg, "/healthz/"));
	cr_assert_not(authcfg_path_excluded(&cfg, "/healthzx"));
	cr_assert_not(authcfg_path_excluded(&cfg, "/HEALTHZ"));
	cr_assert(authcfg_path_excluded(&cfg, "/static/"));
	cr_assert(authcfg_path_excluded(&cfg, "/static/a/b.css"));
	cr_assert_not(authcfg_path_excluded(&cfg, "/static"));
	cr_assert_not(authcfg_path_excluded(&cfg, "/mcp/mcp"));
}
