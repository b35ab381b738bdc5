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
 * authsettingsV2 document + App Service app settings -> struct authcfg.
 *
 * Refuses, naming the field, anything that would make the gate behave
 * differently from what its author meant: a missing issuer or client id,
 * an allow-list that is present but empty (a platform bug made such a
 * list deny every token, see docs/security.md), an action this server
 * cannot carry out (RedirectToLoginPage), contradictions. Auth is off
 * only when there is no document or platform.enabled is false.
 */

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "authcfg.h"
#include "config.h"

#define AUTHCFG_V2_SUFFIX	"/v2.0"
#define AUTHCFG_ENTRA_HOST	"login.microsoftonline.com"
#define AUTHCFG_V1_HOST		"sts.windows.net"

static int	authcfg_read(const char *, char **, size_t *, char *, size_t);
static int	authcfg_doc(struct authcfg *, const json_t *, char *, size_t);
static int	authcfg_global(struct authcfg *, const json_t *, char *,
		    size_t);
static int	authcfg_http(struct authcfg *, const json_t *, char *,
		    size_t);
static int	authcfg_aad(struct authcfg *, const json_t *, char *, size_t);
static int	authcfg_validation(struct authcfg *, const json_t *, char *,
		    size_t);
static int	authcfg_issuer(struct authcfg *, const char *, char *,
		    size_t);
static int	authcfg_settings(struct authcfg *, authcfg_getenv_fn, char *,
		    size_t);
static int	authcfg_tool_roles(struct authcfg *, const char *, char *,
		    size_t);
static int	authcfg_obj(const json_t *, const char *, const char *,
		    const json_t **, char *, size_t);
static int	authcfg_bool(const json_t *, const char *, const char *,
		    int *, char *, size_t);
static int	authcfg_str(const json_t *, const char *, const char *,
		    const char **, char *, size_t);
static int	authcfg_array(const json_t *, const char *, const char *,
		    int, int (*)(const char *), const char *,
		    struct authcfg_list *, char *, size_t);
static int	authcfg_csv(const char *, const char *, int, int,
		    int (*)(const char *), const char *,
		    struct authcfg_list *, char *, size_t);
static int	authcfg_list_add(struct authcfg_list *, const char *, size_t);
static int	authcfg_is_guid(const char *);
static int	authcfg_is_path(const char *);
static int	authcfg_is_token(const char *);
static int	authcfg_is_any(const char *);
static void	authcfg_note(struct authcfg *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	authcfg_lower(char *);

int
authcfg_load(struct authcfg *cfg, authcfg_getenv_fn env, char *err,
    size_t errlen)
{
	const char	*file, *inline_doc;
	char		*text;
	size_t		 len;
	json_t		*doc;
	json_error_t	 jerr;
	int		 ret;

	memset(cfg, 0, sizeof(*cfg));
	cfg->skew = AUTHCFG_SKEW;
	cfg->www_authenticate = 1;
	(void)snprintf(cfg->default_role, sizeof(cfg->default_role), "%s",
	    AUTHCFG_DEFAULT_ROLE);

	ret = -1;
	text = NULL;
	doc = NULL;

	file = env("AUTH_SETTINGS_FILE");
	inline_doc = env("AUTH_SETTINGS_JSON");
	if (file != NULL && *file == '\0')
		file = NULL;
	if (inline_doc != NULL && *inline_doc == '\0')
		inline_doc = NULL;

	if (file != NULL && inline_doc != NULL) {
		snprintf(err, errlen, "AUTH_SETTINGS_FILE and "
		    "AUTH_SETTINGS_JSON are both set: set one");
		goto out;
	}

	if (file == NULL && inline_doc == NULL) {
		(void)snprintf(cfg->source, sizeof(cfg->source),
		    "no auth settings document");
		if (env("WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES") != NULL ||
		    env("WEBSITE_AUTH_AAD_ALLOWED_TENANTS") != NULL ||
		    env("WEBSITE_AUTH_AAD_REQUIRE_CLIENT_SERVICE_PRINCIPAL") !=
		    NULL || env("MCP_TOOL_ROLES") != NULL)
			authcfg_note(cfg, "WEBSITE_AUTH_* and MCP_TOOL_ROLES "
			    "are ignored while auth is off");
		ret = 0;
		goto out;
	}

	if (file != NULL) {
		(void)snprintf(cfg->source, sizeof(cfg->source),
		    "AUTH_SETTINGS_FILE %.44s", file);
		if (authcfg_read(file, &text, &len, err, errlen) == -1)
			goto out;
	} else {
		(void)snprintf(cfg->source, sizeof(cfg->source),
		    "AUTH_SETTINGS_JSON");
		len = strlen(inline_doc);
		if (len > AUTHCFG_DOC_MAX) {
			snprintf(err, errlen, "AUTH_SETTINGS_JSON is longer "
			    "than %d bytes", AUTHCFG_DOC_MAX);
			goto out;
		}
		if ((text = strdup(inline_doc)) == NULL) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	}

	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL) {
		snprintf(err, errlen, "%s is not valid JSON (line %d, "
		    "column %d: %s)", cfg->source, jerr.line, jerr.column,
		    jerr.text);
		goto out;
	}

	if (authcfg_doc(cfg, doc, err, errlen) == -1)
		goto out;

	if (!cfg->enabled) {
		authcfg_note(cfg, "platform.enabled is false: auth is off");
		ret = 0;
		goto out;
	}

	if (authcfg_settings(cfg, env, err, errlen) == -1)
		goto out;

	ret = 0;

out:
	if (text != NULL) {
		explicit_bzero(text, len);
		free(text);
	}
	if (doc != NULL)
		json_decref(doc);
	if (ret == -1)
		authcfg_free(cfg);

	return (ret);
}

void
authcfg_free(struct authcfg *cfg)
{
	struct authcfg_list	*lists[] = {
		&cfg->excluded, &cfg->audiences, &cfg->client_apps,
		&cfg->claim_groups, &cfg->applications, &cfg->identities,
		&cfg->groups, &cfg->tenants, &cfg->prm_scopes
	};
	size_t			 i;
	int			 j;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		for (j = 0; j < lists[i]->n; j++)
			free(lists[i]->v[j]);
		lists[i]->n = 0;
	}
	cfg->enabled = 0;
}

/* Exact match, or case-insensitive for lists of GUIDs (icase). */
int
authcfg_list_has(const struct authcfg_list *list, const char *s)
{
	int	i;

	if (s == NULL)
		return (0);

	for (i = 0; i < list->n; i++) {
		if (strcmp(list->v[i], s) == 0)
			return (1);
		if (authcfg_is_guid(s) && strcasecmp(list->v[i], s) == 0)
			return (1);
	}

	return (0);
}

/*
 * excludedPaths matching, which Microsoft does not document: an entry
 * matches the path exactly, or, when it ends in '*', any path starting
 * with what precedes the '*'. The path is the raw request path without
 * its query string, the same string Kore routes on.
 */
int
authcfg_path_excluded(const struct authcfg *cfg, const char *path)
{
	const char	*p;
	size_t		 len;
	int		 i;

	for (i = 0; i < cfg->excluded.n; i++) {
		p = cfg->excluded.v[i];
		len = strlen(p);
		if (len > 0 && p[len - 1] == '*') {
			if (strncmp(path, p, len - 1) == 0)
				return (1);
		} else if (strcmp(path, p) == 0) {
			return (1);
		}
	}

	return (0);
}

/* The app role a tool needs: its MCP_TOOL_ROLES entry or the default. */
const char *
authcfg_tool_role(const struct authcfg *cfg, const char *tool)
{
	int	i;

	for (i = 0; i < cfg->ntools; i++) {
		if (strcmp(cfg->tools[i].name, tool) == 0)
			return (cfg->tools[i].role);
	}

	return (cfg->default_role);
}

/*
 * Whether the caller holds role. App-only callers (Foundry agents, any
 * client credentials token) hold the app roles in their roles claim.
 * A delegated caller (a user signed in to a client such as VS Code) also
 * holds the default role when its scp carries one of the scopes the PRM
 * advertises: that is what the user consented to.
 */
int
authcfg_holds_role(const struct authcfg *cfg, const struct principal *p,
    const char *role)
{
	const char	*s;
	int		 i;

	if (p == NULL)
		return (0);
	if (principal_has_role(p, role))
		return (1);

	if (p->app_only || p->scp[0] == '\0' ||
	    strcmp(role, cfg->default_role) != 0)
		return (0);

	for (i = 0; i < cfg->prm_scopes.n; i++) {
		/* api://<app id>/user_impersonation -> user_impersonation */
		if ((s = strrchr(cfg->prm_scopes.v[i], '/')) != NULL)
			s++;
		else
			s = cfg->prm_scopes.v[i];
		if (principal_has_scope(p, s))
			return (1);
	}

	return (0);
}

int
authcfg_may_call(const struct authcfg *cfg, const struct principal *p,
    const char *tool)
{
	return (authcfg_holds_role(cfg, p, authcfg_tool_role(cfg, tool)));
}

/*
 * Whether the caller may call at least one tool: it holds the default
 * role (which every tool without an MCP_TOOL_ROLES entry needs) or a
 * role named in MCP_TOOL_ROLES.
 */
int
authcfg_may_call_any(const struct authcfg *cfg, const struct principal *p)
{
	int	i;

	if (authcfg_holds_role(cfg, p, cfg->default_role))
		return (1);

	for (i = 0; i < cfg->ntools; i++) {
		if (authcfg_holds_role(cfg, p, cfg->tools[i].role))
			return (1);
	}

	return (0);
}

static int
authcfg_read(const char *path, char **text, size_t *len, char *err,
    size_t errlen)
{
	FILE	*fp;
	char	*buf;
	size_t	 n;
	int	 ret;

	ret = -1;
	buf = NULL;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "AUTH_SETTINGS_FILE %s: %s", path,
		    strerror(errno));
		return (-1);
	}

	if ((buf = malloc(AUTHCFG_DOC_MAX + 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}

	n = fread(buf, 1, AUTHCFG_DOC_MAX + 1, fp);
	if (ferror(fp)) {
		snprintf(err, errlen, "AUTH_SETTINGS_FILE %s: read error",
		    path);
		goto out;
	}
	if (n > AUTHCFG_DOC_MAX) {
		snprintf(err, errlen, "AUTH_SETTINGS_FILE %s is larger than "
		    "%d bytes", path, AUTHCFG_DOC_MAX);
		goto out;
	}

	*text = buf;
	*len = n;
	buf = NULL;
	ret = 0;

out:
	free(buf);
	(void)fclose(fp);

	return (ret);
}

/*
 * The properties object. The whole ARM resource (what `az webapp auth
 * show` prints) is accepted too: its "properties" member is used.
 */
static int
authcfg_doc(struct authcfg *cfg, const json_t *doc, char *err, size_t errlen)
{
	const json_t	*props, *platform, *gv, *http, *idp, *login, *ts;
	int		 enabled, b;

	if (!json_is_object(doc)) {
		snprintf(err, errlen, "%s: the document must be a JSON object",
		    cfg->source);
		return (-1);
	}

	if (json_object_get(doc, "platform") == NULL &&
	    json_is_object(props = json_object_get(doc, "properties")))
		doc = props;

	if (authcfg_obj(doc, "platform", "platform", &platform, err,
	    errlen) == -1)
		return (-1);
	if (platform == NULL) {
		snprintf(err, errlen, "platform is missing (want "
		    "{\"platform\": {\"enabled\": true}, ...})");
		return (-1);
	}
	if (authcfg_bool(platform, "enabled", "platform.enabled", &enabled,
	    err, errlen) == -1)
		return (-1);
	if (enabled == -1) {
		snprintf(err, errlen, "platform.enabled is missing: set it to "
		    "true, or to false to turn auth off");
		return (-1);
	}
	if (!enabled)
		return (0);
	cfg->enabled = 1;

	if (authcfg_obj(doc, "globalValidation", "globalValidation", &gv,
	    err, errlen) == -1 || authcfg_global(cfg, gv, err, errlen) == -1)
		return (-1);

	if (authcfg_obj(doc, "httpSettings", "httpSettings", &http, err,
	    errlen) == -1 || authcfg_http(cfg, http, err, errlen) == -1)
		return (-1);

	if (authcfg_obj(doc, "identityProviders", "identityProviders", &idp,
	    err, errlen) == -1 || authcfg_aad(cfg, idp, err, errlen) == -1)
		return (-1);

	if (authcfg_obj(doc, "login", "login", &login, err, errlen) == -1)
		return (-1);
	if (login != NULL) {
		if (authcfg_obj(login, "tokenStore", "login.tokenStore", &ts,
		    err, errlen) == -1)
			return (-1);
		if (ts != NULL && (authcfg_bool(ts, "enabled",
		    "login.tokenStore.enabled", &b, err, errlen) == -1))
			return (-1);
		if (ts != NULL && b == 1)
			authcfg_note(cfg, "login.tokenStore.enabled is "
			    "ignored: this server never stores tokens");
	}

	return (0);
}

static int
authcfg_global(struct authcfg *cfg, const json_t *gv, char *err,
    size_t errlen)
{
	const char	*action;
	int		 require;

	if (gv == NULL) {
		snprintf(err, errlen, "globalValidation is missing (want "
		    "requireAuthentication and unauthenticatedClientAction)");
		return (-1);
	}

	if (authcfg_bool(gv, "requireAuthentication",
	    "globalValidation.requireAuthentication", &require, err,
	    errlen) == -1)
		return (-1);
	if (require == -1) {
		snprintf(err, errlen, "globalValidation.requireAuthentication "
		    "is missing: set true (or false to let anonymous "
		    "requests through)");
		return (-1);
	}

	if (authcfg_str(gv, "unauthenticatedClientAction",
	    "globalValidation.unauthenticatedClientAction", &action, err,
	    errlen) == -1)
		return (-1);

	if (action != NULL && strcmp(action, "Return401") != 0 &&
	    strcmp(action, "Return403") != 0 &&
	    strcmp(action, "AllowAnonymous") != 0 &&
	    strcmp(action, "RedirectToLoginPage") != 0) {
		snprintf(err, errlen, "globalValidation."
		    "unauthenticatedClientAction must be Return401, "
		    "Return403 or AllowAnonymous, got '%.40s'", action);
		return (-1);
	}

	if (require) {
		if (action == NULL ||
		    strcmp(action, "RedirectToLoginPage") == 0) {
			snprintf(err, errlen, "globalValidation."
			    "unauthenticatedClientAction is %s: this server "
			    "offers no browser login to redirect to; set "
			    "Return401", action == NULL ?
			    "missing (Azure's default is RedirectToLoginPage)" :
			    "RedirectToLoginPage");
			return (-1);
		}
		if (strcmp(action, "AllowAnonymous") == 0) {
			snprintf(err, errlen, "globalValidation."
			    "unauthenticatedClientAction AllowAnonymous "
			    "contradicts requireAuthentication true");
			return (-1);
		}
		cfg->action = strcmp(action, "Return401") == 0 ?
		    AUTHCFG_RETURN_401 : AUTHCFG_RETURN_403;
	} else {
		if (action != NULL && strcmp(action, "AllowAnonymous") != 0) {
			snprintf(err, errlen, "globalValidation."
			    "unauthenticatedClientAction %.40s contradicts "
			    "requireAuthentication false (use AllowAnonymous)",
			    action);
			return (-1);
		}
		cfg->action = AUTHCFG_ALLOW_ANONYMOUS;
		authcfg_note(cfg, "requireAuthentication is false: requests "
		    "without a valid token are let through anonymously");
	}

	return (authcfg_array(gv, "excludedPaths",
	    "globalValidation.excludedPaths", 0, authcfg_is_path,
	    "a path starting with '/', with '*' only at its end",
	    &cfg->excluded, err, errlen));
}

static int
authcfg_http(struct authcfg *cfg, const json_t *http, char *err,
    size_t errlen)
{
	const json_t	*routes;
	const char	*prefix;
	int		 https;

	if (http == NULL)
		return (0);

	if (authcfg_obj(http, "routes", "httpSettings.routes", &routes, err,
	    errlen) == -1)
		return (-1);
	if (routes != NULL) {
		if (authcfg_str(routes, "apiPrefix",
		    "httpSettings.routes.apiPrefix", &prefix, err,
		    errlen) == -1)
			return (-1);
		if (prefix != NULL && strcmp(prefix, "/.auth") != 0) {
			snprintf(err, errlen, "httpSettings.routes.apiPrefix "
			    "'%.40s' is not supported: only /.auth", prefix);
			return (-1);
		}
	}

	if (authcfg_bool(http, "requireHttps", "httpSettings.requireHttps",
	    &https, err, errlen) == -1)
		return (-1);
	if (https == 1)
		authcfg_note(cfg, "httpSettings.requireHttps is left to the "
		    "TLS front end (App Service); plain HTTP is served here");

	return (0);
}

static int
authcfg_aad(struct authcfg *cfg, const json_t *idp, char *err, size_t errlen)
{
	const json_t	*aad, *reg, *login, *v, *val;
	const char	*key, *issuer, *client;
	int		 enabled, b;

	if (idp == NULL) {
		snprintf(err, errlen, "identityProviders is missing (want "
		    "identityProviders.azureActiveDirectory)");
		return (-1);
	}

	json_object_foreach((json_t *)idp, key, v) {
		if (strcmp(key, "azureActiveDirectory") == 0)
			continue;
		if (json_is_object(v) && json_is_false(json_object_get(v,
		    "enabled")))
			continue;
		snprintf(err, errlen, "identityProviders.%.40s is not "
		    "supported: only azureActiveDirectory (or set its "
		    "enabled to false)", key);
		return (-1);
	}

	if (authcfg_obj(idp, "azureActiveDirectory",
	    "identityProviders.azureActiveDirectory", &aad, err, errlen) == -1)
		return (-1);
	if (aad == NULL) {
		snprintf(err, errlen, "identityProviders.azureActiveDirectory "
		    "is missing");
		return (-1);
	}

	if (authcfg_bool(aad, "enabled",
	    "identityProviders.azureActiveDirectory.enabled", &enabled, err,
	    errlen) == -1)
		return (-1);
	if (enabled == 0) {
		snprintf(err, errlen, "identityProviders.azureActiveDirectory."
		    "enabled is false: no provider would accept a token (set "
		    "platform.enabled to false to turn auth off)");
		return (-1);
	}

	if (authcfg_obj(aad, "registration",
	    "identityProviders.azureActiveDirectory.registration", &reg, err,
	    errlen) == -1)
		return (-1);
	if (reg == NULL) {
		snprintf(err, errlen, "identityProviders.azureActiveDirectory."
		    "registration is missing (want clientId and "
		    "openIdIssuer)");
		return (-1);
	}

	if (authcfg_str(reg, "clientId",
	    "identityProviders.azureActiveDirectory.registration.clientId",
	    &client, err, errlen) == -1)
		return (-1);
	if (client == NULL || !authcfg_is_guid(client)) {
		snprintf(err, errlen, "identityProviders.azureActiveDirectory."
		    "registration.clientId must be the app registration's "
		    "application (client) id, a GUID");
		return (-1);
	}
	(void)snprintf(cfg->client_id, sizeof(cfg->client_id), "%s", client);

	if (authcfg_str(reg, "openIdIssuer",
	    "identityProviders.azureActiveDirectory.registration.openIdIssuer",
	    &issuer, err, errlen) == -1)
		return (-1);
	if (issuer == NULL) {
		snprintf(err, errlen, "identityProviders.azureActiveDirectory."
		    "registration.openIdIssuer is missing (want https://"
		    "login.microsoftonline.com/<tenant id>/v2.0)");
		return (-1);
	}
	if (authcfg_issuer(cfg, issuer, err, errlen) == -1)
		return (-1);

	if (authcfg_obj(aad, "login",
	    "identityProviders.azureActiveDirectory.login", &login, err,
	    errlen) == -1)
		return (-1);
	if (login != NULL) {
		if (authcfg_bool(login, "disableWWWAuthenticate",
		    "identityProviders.azureActiveDirectory.login."
		    "disableWWWAuthenticate", &b, err, errlen) == -1)
			return (-1);
		if (b == 1) {
			cfg->www_authenticate = 0;
			authcfg_note(cfg, "disableWWWAuthenticate is true: "
			    "401s carry no WWW-Authenticate, so MCP clients "
			    "cannot discover how to sign in");
		}
	}

	if (authcfg_obj(aad, "validation",
	    "identityProviders.azureActiveDirectory.validation", &val, err,
	    errlen) == -1)
		return (-1);

	if (authcfg_validation(cfg, val, err, errlen) == -1)
		return (-1);

	/* The client id is always an allowed audience. */
	if (!authcfg_list_has(&cfg->audiences, cfg->client_id) &&
	    authcfg_list_add(&cfg->audiences, cfg->client_id,
	    strlen(cfg->client_id)) == -1) {
		snprintf(err, errlen, "identityProviders.azureActiveDirectory."
		    "validation.allowedAudiences has more than %d entries",
		    AUTHCFG_LIST_MAX - 1);
		return (-1);
	}

	return (0);
}

static int
authcfg_validation(struct authcfg *cfg, const json_t *val, char *err,
    size_t errlen)
{
	const json_t	*checks, *policy, *principals;

#define AAD_VALIDATION \
	"identityProviders.azureActiveDirectory.validation"
	if (val == NULL)
		return (0);

	if (authcfg_array(val, "allowedAudiences",
	    AAD_VALIDATION ".allowedAudiences", 0, authcfg_is_any,
	    "a non-empty string", &cfg->audiences, err, errlen) == -1)
		return (-1);

	if (authcfg_obj(val, "jwtClaimChecks", AAD_VALIDATION
	    ".jwtClaimChecks", &checks, err, errlen) == -1)
		return (-1);
	if (checks != NULL && (authcfg_array(checks,
	    "allowedClientApplications", AAD_VALIDATION
	    ".jwtClaimChecks.allowedClientApplications", 1, authcfg_is_any,
	    "a client (application) id", &cfg->client_apps, err,
	    errlen) == -1 || authcfg_array(checks, "allowedGroups",
	    AAD_VALIDATION ".jwtClaimChecks.allowedGroups", 1, authcfg_is_any,
	    "a group object id", &cfg->claim_groups, err, errlen) == -1))
		return (-1);

	if (authcfg_obj(val, "defaultAuthorizationPolicy", AAD_VALIDATION
	    ".defaultAuthorizationPolicy", &policy, err, errlen) == -1)
		return (-1);
	if (policy == NULL)
		return (0);

	if (authcfg_array(policy, "allowedApplications", AAD_VALIDATION
	    ".defaultAuthorizationPolicy.allowedApplications", 1,
	    authcfg_is_any, "a client (application) id", &cfg->applications,
	    err, errlen) == -1)
		return (-1);

	if (authcfg_obj(policy, "allowedPrincipals", AAD_VALIDATION
	    ".defaultAuthorizationPolicy.allowedPrincipals", &principals, err,
	    errlen) == -1)
		return (-1);
	if (principals == NULL)
		return (0);

	if (authcfg_array(principals, "identities", AAD_VALIDATION
	    ".defaultAuthorizationPolicy.allowedPrincipals.identities", 1,
	    authcfg_is_any, "an object id", &cfg->identities, err,
	    errlen) == -1 || authcfg_array(principals, "groups",
	    AAD_VALIDATION ".defaultAuthorizationPolicy.allowedPrincipals."
	    "groups", 1, authcfg_is_any, "a group object id", &cfg->groups,
	    err, errlen) == -1)
		return (-1);

	if (cfg->identities.n == 0 && cfg->groups.n == 0) {
		snprintf(err, errlen, "%s.defaultAuthorizationPolicy."
		    "allowedPrincipals has neither identities nor groups",
		    AAD_VALIDATION);
		return (-1);
	}
#undef AAD_VALIDATION

	return (0);
}

/*
 * openIdIssuer: https://<host>/<tenant id>[/v2.0][/]. The portal writes
 * the v1 form (https://sts.windows.net/<tenant>/), templates the v2 form.
 * Either way the gate accepts the tenant's v1 and v2 issuers, as they are
 * declared by the OpenID metadata of {authority}/{tenant}[/v2.0].
 */
static int
authcfg_issuer(struct authcfg *cfg, const char *issuer, char *err,
    size_t errlen)
{
	const char	*host, *slash, *rest;
	char		 hostbuf[AUTHCFG_HOST_MAX];
	size_t		 hlen, tlen;
	int		 v2;

#define ISSUER_FIELD \
	"identityProviders.azureActiveDirectory.registration.openIdIssuer"

	if (strncmp(issuer, "https://", 8) != 0 ||
	    strlen(issuer) >= AUTHCFG_URL_MAX)
		goto bad;

	host = issuer + 8;
	if ((slash = strchr(host, '/')) == NULL)
		goto bad;
	hlen = (size_t)(slash - host);
	if (hlen == 0 || hlen >= sizeof(hostbuf))
		goto bad;
	memcpy(hostbuf, host, hlen);
	hostbuf[hlen] = '\0';
	authcfg_lower(hostbuf);

	rest = slash + 1;
	tlen = strcspn(rest, "/");
	if (tlen != AUTHCFG_GUID_LEN) {
		if (tlen > 0 && tlen < 20) {
			snprintf(err, errlen, "%s names '%.*s', not a tenant: "
			    "multi-tenant issuers are not supported, use the "
			    "tenant id", ISSUER_FIELD, (int)tlen, rest);
			return (-1);
		}
		goto bad;
	}
	memcpy(cfg->tenant, rest, tlen);
	cfg->tenant[tlen] = '\0';
	if (!authcfg_is_guid(cfg->tenant))
		goto bad;
	authcfg_lower(cfg->tenant);

	rest += tlen;
	if (strcmp(rest, "") == 0 || strcmp(rest, "/") == 0)
		v2 = 0;
	else if (strcmp(rest, AUTHCFG_V2_SUFFIX) == 0 ||
	    strcmp(rest, AUTHCFG_V2_SUFFIX "/") == 0)
		v2 = 1;
	else
		goto bad;

	(void)snprintf(cfg->open_id_issuer, sizeof(cfg->open_id_issuer),
	    "%s", issuer);

	/*
	 * sts.windows.net issues v1 tokens but publishes no metadata of its
	 * own: the v2 issuer and the metadata live on login.microsoftonline.
	 */
	if (strcmp(hostbuf, AUTHCFG_V1_HOST) == 0)
		(void)snprintf(hostbuf, sizeof(hostbuf), AUTHCFG_ENTRA_HOST);

	(void)snprintf(cfg->issuer_v2, sizeof(cfg->issuer_v2),
	    "https://%s/%s/v2.0", hostbuf, cfg->tenant);
	if (!v2) {
		(void)snprintf(cfg->issuer_v1, sizeof(cfg->issuer_v1),
		    "https://%.*s/%s/", (int)hlen, host, cfg->tenant);
		authcfg_lower(cfg->issuer_v1);
	}
	(void)snprintf(cfg->authority, sizeof(cfg->authority), "https://%s",
	    hostbuf);
	return (0);

bad:
	snprintf(err, errlen, "%s must look like https://login."
	    "microsoftonline.com/<tenant id>/v2.0 (or the v1 form "
	    "https://sts.windows.net/<tenant id>/)", ISSUER_FIELD);
	return (-1);
#undef ISSUER_FIELD
}

/* The app settings, and the few settings of our own. */
static int
authcfg_settings(struct authcfg *cfg, authcfg_getenv_fn env, char *err,
    size_t errlen)
{
	const char	*v;
	size_t		 len;
	int		 i;

	if ((v = env("AUTH_AUTHORITY_URL")) != NULL && *v != '\0') {
		if (config_public_url(v, cfg->authority,
		    sizeof(cfg->authority)) == -1) {
			snprintf(err, errlen, "AUTH_AUTHORITY_URL must look "
			    "like http://127.0.0.1:<port> (scheme, host and "
			    "port only)");
			return (-1);
		}
		cfg->authority_local = 1;
		authcfg_note(cfg, "AUTH_AUTHORITY_URL: OpenID metadata comes "
		    "from %s, not from Entra ID", cfg->authority);
	}

	if (authcfg_csv(env("WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES"),
	    "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES", AUTHCFG_SCOPES_MAX, 0,
	    authcfg_is_token, "a scope (no spaces or quotes)",
	    &cfg->prm_scopes, err, errlen) == -1)
		return (-1);

	/* They all go into every challenge's scope parameter. */
	for (i = 0, len = 0; i < cfg->prm_scopes.n; i++)
		len += strlen(cfg->prm_scopes.v[i]) + 1;
	if (len > AUTHCFG_SCOPES_TEXT_MAX) {
		snprintf(err, errlen, "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES is "
		    "longer than %d characters", AUTHCFG_SCOPES_TEXT_MAX - 1);
		return (-1);
	}

	if (authcfg_csv(env("WEBSITE_AUTH_AAD_ALLOWED_TENANTS"),
	    "WEBSITE_AUTH_AAD_ALLOWED_TENANTS", AUTHCFG_TENANTS_MAX, 1,
	    authcfg_is_guid, "a tenant id (GUID)", &cfg->tenants, err,
	    errlen) == -1)
		return (-1);

	if ((v = env("WEBSITE_AUTH_AAD_REQUIRE_CLIENT_SERVICE_PRINCIPAL")) !=
	    NULL && *v != '\0') {
		if (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0) {
			cfg->require_sp = 1;
		} else if (strcasecmp(v, "false") != 0 && strcmp(v, "0") != 0) {
			snprintf(err, errlen, "WEBSITE_AUTH_AAD_REQUIRE_CLIENT_"
			    "SERVICE_PRINCIPAL must be true or false");
			return (-1);
		}
	}
	/* An identities list can only match a caller that has an oid. */
	if (cfg->identities.n > 0)
		cfg->require_sp = 1;

	if ((v = env("MCP_TOOL_ROLES")) != NULL && *v != '\0' &&
	    authcfg_tool_roles(cfg, v, err, errlen) == -1)
		return (-1);

	return (0);
}

/*
 * MCP_TOOL_ROLES: comma-separated tool=Role pairs; the tool "*" sets
 * the role of every tool not listed (default MCP.Access). Example:
 * create_review_mcp=MCP.Write,create_restaurant_mcp=MCP.Write
 */
static int
authcfg_tool_roles(struct authcfg *cfg, const char *spec, char *err,
    size_t errlen)
{
	const char	*p, *end, *eq;
	char		 name[AUTHCFG_TOOL_MAX + 1];
	char		 role[PRINCIPAL_ROLE_MAX];
	size_t		 nlen, rlen, i;
	int		 j;

	for (p = spec; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		while (p < end && isspace((unsigned char)*p))
			p++;
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq == NULL || eq == p)
			goto bad;

		nlen = (size_t)(eq - p);
		while (nlen > 0 && isspace((unsigned char)p[nlen - 1]))
			nlen--;
		eq++;
		while (eq < end && isspace((unsigned char)*eq))
			eq++;
		rlen = (size_t)(end - eq);
		while (rlen > 0 && isspace((unsigned char)eq[rlen - 1]))
			rlen--;

		if (nlen == 0 || nlen > AUTHCFG_TOOL_MAX || rlen == 0 ||
		    rlen >= sizeof(role))
			goto bad;
		memcpy(name, p, nlen);
		name[nlen] = '\0';
		memcpy(role, eq, rlen);
		role[rlen] = '\0';

		for (i = 0; i < nlen; i++) {
			if (!isalnum((unsigned char)name[i]) &&
			    strchr("_.-", name[i]) == NULL &&
			    strcmp(name, "*") != 0)
				goto bad;
		}
		if (!authcfg_is_token(role) || strchr(role, '=') != NULL)
			goto bad;

		if (strcmp(name, "*") == 0) {
			(void)snprintf(cfg->default_role,
			    sizeof(cfg->default_role), "%s", role);
			continue;
		}

		for (j = 0; j < cfg->ntools; j++) {
			if (strcmp(cfg->tools[j].name, name) == 0) {
				snprintf(err, errlen, "MCP_TOOL_ROLES names "
				    "tool %s twice", name);
				return (-1);
			}
		}
		if (cfg->ntools == AUTHCFG_TOOLS_MAX) {
			snprintf(err, errlen, "MCP_TOOL_ROLES has more than "
			    "%d tools", AUTHCFG_TOOLS_MAX);
			return (-1);
		}
		memcpy(cfg->tools[cfg->ntools].name, name, nlen + 1);
		memcpy(cfg->tools[cfg->ntools].role, role, rlen + 1);
		cfg->ntools++;
	}

	return (0);

bad:
	snprintf(err, errlen, "MCP_TOOL_ROLES must be comma-separated "
	    "tool=Role pairs (tool names of [A-Za-z0-9_.-], or * for every "
	    "other tool), e.g. create_review_mcp=MCP.Write");
	return (-1);
}

/* Member key of o as an object; absent -> *out NULL and 0. */
static int
authcfg_obj(const json_t *o, const char *key, const char *path,
    const json_t **out, char *err, size_t errlen)
{
	*out = json_object_get(o, key);
	if (*out == NULL || json_is_null(*out)) {
		*out = NULL;
		return (0);
	}
	if (!json_is_object(*out)) {
		snprintf(err, errlen, "%s must be an object", path);
		return (-1);
	}
	return (0);
}

/* Member key of o as a boolean; absent -> *out -1 and 0. */
static int
authcfg_bool(const json_t *o, const char *key, const char *path, int *out,
    char *err, size_t errlen)
{
	const json_t	*v;

	*out = -1;
	if ((v = json_object_get(o, key)) == NULL || json_is_null(v))
		return (0);
	if (!json_is_boolean(v)) {
		snprintf(err, errlen, "%s must be true or false", path);
		return (-1);
	}
	*out = json_is_true(v);
	return (0);
}

static int
authcfg_str(const json_t *o, const char *key, const char *path,
    const char **out, char *err, size_t errlen)
{
	const json_t	*v;

	*out = NULL;
	if ((v = json_object_get(o, key)) == NULL || json_is_null(v))
		return (0);
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) >= AUTHCFG_URL_MAX ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		snprintf(err, errlen, "%s must be a non-empty string", path);
		return (-1);
	}
	*out = json_string_value(v);
	return (0);
}

/*
 * Member key of o as a list of strings each passing check. nonempty:
 * a present but empty list is refused (an allow-list).
 */
static int
authcfg_array(const json_t *o, const char *key, const char *path,
    int nonempty, int (*check)(const char *), const char *what,
    struct authcfg_list *list, char *err, size_t errlen)
{
	const json_t	*arr, *v;
	const char	*s;
	size_t		 i;

	if ((arr = json_object_get(o, key)) == NULL || json_is_null(arr))
		return (0);
	if (!json_is_array(arr)) {
		snprintf(err, errlen, "%s must be an array", path);
		return (-1);
	}
	if (nonempty && json_array_size(arr) == 0) {
		snprintf(err, errlen, "%s is present but empty: an empty "
		    "allow-list is ambiguous (remove it to allow all, or "
		    "list who is allowed)", path);
		return (-1);
	}
	if (json_array_size(arr) + (size_t)list->n > AUTHCFG_LIST_MAX - 1) {
		snprintf(err, errlen, "%s has more than %d entries", path,
		    AUTHCFG_LIST_MAX - 1);
		return (-1);
	}

	json_array_foreach(arr, i, v) {
		s = json_string_value(v);
		if (s == NULL || json_string_length(v) >= AUTHCFG_ITEM_MAX ||
		    strlen(s) != json_string_length(v) || !check(s)) {
			snprintf(err, errlen, "%s[%zu] must be %s", path, i,
			    what);
			return (-1);
		}
		if (authcfg_list_has(list, s))
			continue;
		if (authcfg_list_add(list, s, strlen(s)) == -1) {
			snprintf(err, errlen, "out of memory");
			return (-1);
		}
	}

	return (0);
}

/*
 * A comma-separated app setting; unset or empty -> empty list.
 * Entries are trimmed; an empty entry is refused.
 */
static int
authcfg_csv(const char *v, const char *name, int max, int guid,
    int (*check)(const char *), const char *what, struct authcfg_list *list,
    char *err, size_t errlen)
{
	const char	*p, *end;
	char		 item[AUTHCFG_ITEM_MAX];
	size_t		 len;

	if (v == NULL || *v == '\0')
		return (0);

	for (p = v; ; p = end + 1) {
		end = p + strcspn(p, ",");
		while (p < end && isspace((unsigned char)*p))
			p++;
		len = (size_t)(end - p);
		while (len > 0 && isspace((unsigned char)p[len - 1]))
			len--;
		if (len == 0 || len >= sizeof(item)) {
			snprintf(err, errlen, "%s has an empty or over-long "
			    "entry", name);
			return (-1);
		}
		memcpy(item, p, len);
		item[len] = '\0';
		if (guid)
			authcfg_lower(item);
		if (!check(item)) {
			snprintf(err, errlen, "%s: '%.60s' is not %s", name,
			    item, what);
			return (-1);
		}
		if (list->n == max) {
			snprintf(err, errlen, "%s has more than %d entries",
			    name, max);
			return (-1);
		}
		if (!authcfg_list_has(list, item) &&
		    authcfg_list_add(list, item, len) == -1) {
			snprintf(err, errlen, "out of memory");
			return (-1);
		}
		if (*end == '\0')
			break;
	}

	return (0);
}

static int
authcfg_list_add(struct authcfg_list *list, const char *s, size_t len)
{
	char	*copy;

	if (list->n == AUTHCFG_LIST_MAX)
		return (-1);
	if ((copy = strndup(s, len)) == NULL)
		return (-1);
	list->v[list->n++] = copy;
	return (0);
}

static int
authcfg_is_guid(const char *s)
{
	int	i;

	for (i = 0; i < AUTHCFG_GUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return (0);
		} else if (!isxdigit((unsigned char)s[i])) {
			return (0);
		}
	}

	return (s[AUTHCFG_GUID_LEN] == '\0');
}

static int
authcfg_is_path(const char *s)
{
	const char	*star;

	if (s[0] != '/' || !authcfg_is_token(s))
		return (0);
	star = strchr(s, '*');
	return (star == NULL || star[1] == '\0');
}

/* Printable ASCII, no space, quote or backslash: safe in a header. */
static int
authcfg_is_token(const char *s)
{
	if (*s == '\0')
		return (0);
	for (; *s != '\0'; s++) {
		if (*s <= 0x20 || *s >= 0x7f || *s == '"' || *s == '\\' ||
		    *s == ',')
			return (0);
	}
	return (1);
}

static int
authcfg_is_any(const char *s)
{
	return (authcfg_is_token(s));
}

static void
authcfg_note(struct authcfg *cfg, const char *fmt, ...)
{
	va_list	ap;

	if (cfg->nnotes == AUTHCFG_NOTES_MAX)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(cfg->notes[cfg->nnotes++], AUTHCFG_NOTE_MAX, fmt, ap);
	va_end(ap);
}

static void
authcfg_lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}
