/*
 * The app-role decisions behind authz.c (issue 4 "Authorization"): which
 * tools a caller may list and call. EasyAuth does not check roles
 * (notes 4.5: "roles/scp are NOT checked by EasyAuth"): the app does.
 */

#include <criterion/criterion.h>

#include <string.h>

#include "authcfg.h"
#include "principal.h"

#define CLIENT	"61c2716c-df87-4216-bad8-d227701f4195"
#define DOC	"{\"platform\":{\"enabled\":true}," \
	"\"globalValidation\":{\"requireAuthentication\":true," \
	"\"unauthenticatedClientAction\":\"Return401\"}," \
	"\"identityProviders\":{\"azureActiveDirectory\":{\"registration\":" \
	"{\"clientId\":\"" CLIENT "\",\"openIdIssuer\":\"https://login." \
	"microsoftonline.com/835db6b3-71d4-4363-b50b-ddf339b33b4b/v2.0\"}}}}"

static struct authcfg	 cfg;
static const char	*roles_env, *scopes_env;

static const char *
env(const char *name)
{
	if (strcmp(name, "AUTH_SETTINGS_JSON") == 0)
		return (DOC);
	if (strcmp(name, "MCP_TOOL_ROLES") == 0)
		return (roles_env);
	if (strcmp(name, "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES") == 0)
		return (scopes_env);
	return (NULL);
}

static void
configure(const char *roles, const char *scopes)
{
	char	err[AUTHCFG_ERR_MAX];

	authcfg_free(&cfg);
	roles_env = roles;
	scopes_env = scopes;
	cr_assert_eq(authcfg_load(&cfg, env, err, sizeof(err)), 0, "%s", err);
}

static struct principal *
app(const char *r1, const char *r2)
{
	struct principal	*p;

	p = principal_new();
	p->app_only = 1;
	if (r1 != NULL)
		strcpy(p->roles[p->nroles++], r1);
	if (r2 != NULL)
		strcpy(p->roles[p->nroles++], r2);
	return (p);
}

static void
fini(void)
{
	authcfg_free(&cfg);
}

TestSuite(authz, .fini = fini);

/* Every tool needs MCP.Access by default. */
Test(authz, default_role)
{
	struct principal	*p, *none;

	configure(NULL, NULL);
	p = app("MCP.Access", NULL);
	none = app(NULL, NULL);
	cr_assert(authcfg_may_call(&cfg, p, "list_restaurants_mcp"));
	cr_assert(authcfg_may_call(&cfg, p, "create_review_mcp"));
	cr_assert(authcfg_may_call_any(&cfg, p));
	cr_assert_not(authcfg_may_call(&cfg, none, "list_restaurants_mcp"));
	cr_assert_not(authcfg_may_call_any(&cfg, none),
	    "no role: 403 up front on the MCP endpoint");
	cr_assert_not(authcfg_may_call(&cfg, NULL, "list_restaurants_mcp"),
	    "anonymous callers hold no role");
	principal_release(p);
	principal_release(none);
}

/* Roles compare exactly: a look-alike role grants nothing. */
Test(authz, role_compare_is_exact)
{
	struct principal	*p;

	configure(NULL, NULL);
	p = app("mcp.access", "MCP.Access ");
	cr_assert_not(authcfg_may_call_any(&cfg, p));
	principal_release(p);
}

/* MCP_TOOL_ROLES: writes need MCP.Write, the rest MCP.Access. */
Test(authz, per_tool_roles)
{
	struct principal	*reader, *writer, *write_only;

	configure("create_review_mcp=MCP.Write,create_restaurant_mcp="
	    "MCP.Write", NULL);
	reader = app("MCP.Access", NULL);
	writer = app("MCP.Access", "MCP.Write");
	write_only = app("MCP.Write", NULL);

	cr_assert(authcfg_may_call(&cfg, reader, "get_details_mcp"));
	cr_assert_not(authcfg_may_call(&cfg, reader, "create_review_mcp"));
	cr_assert_not(authcfg_may_call(&cfg, reader, "create_restaurant_mcp"));
	cr_assert(authcfg_may_call(&cfg, writer, "create_review_mcp"));
	cr_assert(authcfg_may_call(&cfg, write_only, "create_review_mcp"));
	cr_assert_not(authcfg_may_call(&cfg, write_only, "get_details_mcp"));
	cr_assert(authcfg_may_call_any(&cfg, write_only),
	    "a role named in MCP_TOOL_ROLES opens the endpoint");
	principal_release(reader);
	principal_release(writer);
	principal_release(write_only);
}

/* "*" replaces the default role. */
Test(authz, star_sets_default)
{
	struct principal	*p;

	configure("*=Reviews.Read", NULL);
	p = app("MCP.Access", NULL);
	cr_assert_not(authcfg_may_call(&cfg, p, "list_restaurants_mcp"));
	strcpy(p->roles[0], "Reviews.Read");
	cr_assert(authcfg_may_call(&cfg, p, "list_restaurants_mcp"));
	principal_release(p);
}

/*
 * A delegated (user) token holds the default role through the scope the
 * PRM advertises (notes 4.8), but no other role through it.
 */
Test(authz, delegated_scope)
{
	struct principal	*p;

	configure("create_review_mcp=MCP.Write",
	    "api://" CLIENT "/user_impersonation");
	p = principal_new();
	strcpy(p->scp, "openid user_impersonation");
	cr_assert(authcfg_may_call(&cfg, p, "list_restaurants_mcp"));
	cr_assert_not(authcfg_may_call(&cfg, p, "create_review_mcp"));
	strcpy(p->scp, "user_impersonation_x");
	cr_assert_not(authcfg_may_call_any(&cfg, p));
	/* app-only tokens never get roles from scp */
	strcpy(p->scp, "user_impersonation");
	p->app_only = 1;
	cr_assert_not(authcfg_may_call_any(&cfg, p));
	principal_release(p);

	/* Without the PRM setting no scope grants anything. */
	configure(NULL, NULL);
	p = principal_new();
	strcpy(p->scp, "user_impersonation");
	cr_assert_not(authcfg_may_call_any(&cfg, p));
	principal_release(p);
}
