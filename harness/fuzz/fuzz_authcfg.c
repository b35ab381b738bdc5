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
 * The authsettingsV2 loader (authcfg.c): the document App Service
 * passes in AUTH_SETTINGS_JSON, and the app settings beside it.
 *
 * Input: the document; after a line "--", optional newline-separated
 * values of WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES,
 * WEBSITE_AUTH_AAD_ALLOWED_TENANTS,
 * WEBSITE_AUTH_AAD_REQUIRE_CLIENT_SERVICE_PRINCIPAL, MCP_TOOL_ROLES,
 * AUTH_AUTHORITY_URL, and a request path for excludedPaths.
 *
 * Properties: a refusal names a reason; an accepted configuration that
 * is on has a GUID tenant and client id, the client id among the
 * audiences, and lists within their bounds.
 */

#include <stdlib.h>
#include <string.h>

#include "authcfg.h"
#include "fuzz.h"

#define FUZZ_SEP	"\n--\n"

static const char	*fuzz_names[] = {
	"WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES",
	"WEBSITE_AUTH_AAD_ALLOWED_TENANTS",
	"WEBSITE_AUTH_AAD_REQUIRE_CLIENT_SERVICE_PRINCIPAL",
	"MCP_TOOL_ROLES",
	"AUTH_AUTHORITY_URL",
	NULL
};

static char		*fuzz_doc;
static struct fuzz_parts fuzz_settings;

static const char	*fuzz_env(const char *);
static void		 fuzz_list(const struct authcfg_list *);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct authcfg	 cfg;
	const uint8_t	*sep;
	const char	*path;
	char		 err[AUTHCFG_ERR_MAX];
	size_t		 doclen;

	sep = memmem(data, size, FUZZ_SEP, sizeof(FUZZ_SEP) - 1);
	doclen = sep != NULL ? (size_t)(sep - data) : size;
	fuzz_doc = fuzz_string(data, doclen);
	memset(&fuzz_settings, 0, sizeof(fuzz_settings));
	if (sep != NULL)
		fuzz_split(sep + sizeof(FUZZ_SEP) - 1, size - doclen -
		    (sizeof(FUZZ_SEP) - 1), 6, &fuzz_settings);

	err[0] = '\0';
	if (authcfg_load(&cfg, fuzz_env, err, sizeof(err)) == -1) {
		if (err[0] == '\0')
			fuzz_fail("authcfg_load", "refused without a reason");
	} else if (cfg.enabled) {
		if (strlen(cfg.tenant) != AUTHCFG_GUID_LEN ||
		    !authcfg_list_has(&cfg.audiences, cfg.client_id))
			fuzz_fail("authcfg_load", "tenant or audiences");
		fuzz_list(&cfg.excluded);
		fuzz_list(&cfg.audiences);
		fuzz_list(&cfg.client_apps);
		fuzz_list(&cfg.applications);
		fuzz_list(&cfg.identities);
		fuzz_list(&cfg.tenants);
		fuzz_list(&cfg.prm_scopes);
		if (cfg.ntools < 0 || cfg.ntools > AUTHCFG_TOOLS_MAX)
			fuzz_fail("authcfg_load", "tools");

		path = fuzz_settings.n > 5 ? fuzz_settings.v[5] : "/healthz";
		(void)authcfg_path_excluded(&cfg, path);
		(void)authcfg_tool_role(&cfg, path);
	}
	authcfg_free(&cfg);

	fuzz_parts_free(&fuzz_settings);
	free(fuzz_doc);

	return (0);
}

static const char *
fuzz_env(const char *name)
{
	int	i;

	if (strcmp(name, "AUTH_SETTINGS_JSON") == 0)
		return (fuzz_doc);
	for (i = 0; fuzz_names[i] != NULL; i++) {
		if (strcmp(name, fuzz_names[i]) == 0)
			return (i < fuzz_settings.n &&
			    fuzz_settings.v[i][0] != '\0' ?
			    fuzz_settings.v[i] : NULL);
	}

	return (NULL);
}

static void
fuzz_list(const struct authcfg_list *l)
{
	int	i;

	if (l->n < 0 || l->n > AUTHCFG_LIST_MAX)
		fuzz_fail("authcfg_load", "list length");
	for (i = 0; i < l->n; i++) {
		if (l->v[i] == NULL || strlen(l->v[i]) >= AUTHCFG_ITEM_MAX)
			fuzz_fail("authcfg_load", "list entry");
	}
}
