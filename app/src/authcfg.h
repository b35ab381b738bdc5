/*
 * The auth gate's configuration: an App Service authsettingsV2
 * "properties" document (the very document Azure deploys) plus the app
 * settings that change EasyAuth's behaviour, read once in the parent.
 * Kore-free so every refusal can be unit tested.
 *
 *   AUTH_SETTINGS_FILE		path of the document
 *   AUTH_SETTINGS_JSON		the document itself (as an app setting)
 *   WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES	scopes; turns the PRM on
 *   WEBSITE_AUTH_AAD_ALLOWED_TENANTS		tid allow-list
 *   WEBSITE_AUTH_AAD_REQUIRE_CLIENT_SERVICE_PRINCIPAL	oid required
 *   AUTH_AUTHORITY_URL		where the OpenID metadata is fetched from
 *				(the local Entra ID stand-in)
 *   MCP_TOOL_ROLES		app roles per tool: tool=Role,...,*=Role
 */

#ifndef __H_AUTHCFG_H
#define __H_AUTHCFG_H

#include <stddef.h>

#include "principal.h"

#define AUTHCFG_DOC_MAX		(64 * 1024)	/* document bytes */
#define AUTHCFG_LIST_MAX	64		/* entries of one list */
#define AUTHCFG_ITEM_MAX	256		/* bytes of one entry */
#define AUTHCFG_TENANTS_MAX	10		/* App Service's limit */
#define AUTHCFG_SCOPES_MAX	16
#define AUTHCFG_SCOPES_TEXT_MAX	512	/* all scopes, space-separated */
#define AUTHCFG_TOOLS_MAX	32
#define AUTHCFG_TOOL_MAX	128		/* MCP tool name length */
#define AUTHCFG_URL_MAX		256
#define AUTHCFG_HOST_MAX	128
#define AUTHCFG_GUID_LEN	36
#define AUTHCFG_ERR_MAX		320
#define AUTHCFG_NOTES_MAX	8
#define AUTHCFG_NOTE_MAX	200

#define AUTHCFG_SKEW		300	/* seconds; .NET's default */
#define AUTHCFG_DEFAULT_ROLE	"MCP.Access"

/* What happens to a request without a valid token. */
enum authcfg_action {
	AUTHCFG_ALLOW_ANONYMOUS,	/* forwarded with no principal */
	AUTHCFG_RETURN_401,
	AUTHCFG_RETURN_403
};

struct authcfg_list {
	int	 n;
	char	*v[AUTHCFG_LIST_MAX];
};

struct authcfg_tool {
	char	name[AUTHCFG_TOOL_MAX + 1];
	char	role[PRINCIPAL_ROLE_MAX];
};

struct authcfg {
	int			enabled;
	char			source[64];	/* for the log */

	enum authcfg_action	action;
	int			www_authenticate;
	struct authcfg_list	excluded;	/* excludedPaths */

	char			tenant[AUTHCFG_GUID_LEN + 1];
	char			client_id[AUTHCFG_ITEM_MAX];
	char			open_id_issuer[AUTHCFG_URL_MAX];
	/* The issuers openIdIssuer implies (v1: "" for the v2 form). */
	char			issuer_v1[AUTHCFG_URL_MAX];
	char			issuer_v2[AUTHCFG_URL_MAX];
	char			authority[AUTHCFG_URL_MAX];
	int			authority_local; /* AUTH_AUTHORITY_URL */

	/* allowedAudiences + clientId */
	struct authcfg_list	audiences;
	/* jwtClaimChecks: allowedClientApplications, allowedGroups */
	struct authcfg_list	client_apps;
	struct authcfg_list	claim_groups;
	/* defaultAuthorizationPolicy: allowedApplications, allowedPrincipals */
	struct authcfg_list	applications;
	struct authcfg_list	identities;
	struct authcfg_list	groups;
	struct authcfg_list	tenants;	/* ..._AAD_ALLOWED_TENANTS */
	int			require_sp;
	long			skew;

	struct authcfg_list	prm_scopes;	/* empty: no PRM */

	char			default_role[PRINCIPAL_ROLE_MAX];
	int			ntools;
	struct authcfg_tool	tools[AUTHCFG_TOOLS_MAX];

	int			nnotes;		/* start-up notices */
	char			notes[AUTHCFG_NOTES_MAX][AUTHCFG_NOTE_MAX];
};

typedef const char *(*authcfg_getenv_fn)(const char *);

int		 authcfg_load(struct authcfg *, authcfg_getenv_fn, char *,
		    size_t);
void		 authcfg_free(struct authcfg *);

int		 authcfg_list_has(const struct authcfg_list *, const char *);
int		 authcfg_path_excluded(const struct authcfg *, const char *);

const char	*authcfg_tool_role(const struct authcfg *, const char *);
int		 authcfg_holds_role(const struct authcfg *,
		    const struct principal *, const char *);
int		 authcfg_may_call(const struct authcfg *,
		    const struct principal *, const char *);
int		 authcfg_may_call_any(const struct authcfg *,
		    const struct principal *);

#endif
