/*
 * directory.c: fixtures/directory.json, and refusals that name the field
 * at fault. Token versions follow Graph's apiApplication
 * requestedAccessTokenVersion: null or 1 is v1, 2 is v2 (notes 1).
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "directory.h"
#include "issuer.h"

#define TENANT	"{\"id\":\"835db6b3-71d4-4363-b50b-ddf339b33b4b\"," \
		"\"displayName\":\"T\"}"
#define ROLES	"[{\"id\":\"b0b5c330-a810-4158-983f-192bc4c7819e\"," \
		"\"value\":\"MCP.Access\",\"allowedMemberTypes\":" \
		"[\"Application\"]}]"
#define CLIENT	"{\"name\":\"a\",\"appId\":\"1e6571b5-b522-426c-a9fa-" \
		"4b16af19b4e6\",\"objectId\":\"d8911250-41c2-4d6a-a466-" \
		"fc10c5c6c0d9\",\"secret\":\"s\",\"appRoles\":[\"MCP.Access\"]}"

static int
parse(struct directory *d, const char *version, const char *roles,
    const char *clients, char *err, size_t errlen)
{
	char	doc[4096];

	(void)snprintf(doc, sizeof(doc), "{\"tenant\":" TENANT ",\"resource\":"
	    "{\"name\":\"mcp\",\"displayName\":\"M\",\"appId\":"
	    "\"61c2716c-df87-4216-bad8-d227701f4195\","
	    "\"servicePrincipalObjectId\":\"338d201c-1e95-481d-8031-"
	    "49491f75f444\",\"identifierUris\":[\"api://61c2716c-df87-4216-"
	    "bad8-d227701f4195\"]%s%s,\"appRoles\":%s},\"clients\":%s}",
	    version != NULL ? ",\"requestedAccessTokenVersion\":" : "",
	    version != NULL ? version : "", roles, clients);
	return (directory_parse(d, doc, strlen(doc), err, errlen));
}

Test(directory, the_fixture)
{
	struct directory	 d;
	const struct dir_client	*c;
	char			 err[ISSUER_ERR_MAX];

	cr_assert_eq(directory_load(&d, "fixtures/directory.json", err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(d.tenant_id, "835db6b3-71d4-4363-b50b-ddf339b33b4b");
	cr_assert_eq(d.res.token_version, 2);
	cr_assert_eq(d.res.nroles, 2);
	cr_assert_eq(d.nclients, 4);

	c = directory_client_named(&d, "agent");
	cr_assert_eq(c->nroles, 2);
	cr_assert_str_eq(d.res.roles[c->roles[1]].value, "MCP.Write");
	cr_assert_eq(directory_client_named(&d, "norole")->nroles, 0);
	cr_assert_eq(directory_client(&d,
	    "2FDDFB3F-63DF-4765-8B3E-A6744ECB557D"),
	    directory_client_named(&d, "outsider"), "GUIDs in any case");
	cr_assert_null(directory_client(&d, "outsider"));

	cr_assert(directory_is_resource(&d,
	    "api://61c2716c-df87-4216-bad8-d227701f4195"));
	cr_assert(directory_is_resource(&d,
	    "61C2716C-DF87-4216-BAD8-D227701F4195"));
	cr_assert_not(directory_is_resource(&d,
	    "API://61c2716c-df87-4216-bad8-d227701f4195"),
	    "identifier URIs compare exactly");
	cr_assert_not(directory_is_resource(&d,
	    "https://management.azure.com"));
	cr_assert(directory_is_tenant(&d,
	    "835DB6B3-71D4-4363-B50B-DDF339B33B4B"));
	cr_assert_not(directory_is_tenant(&d, "f8ca6fed-ed56-4df1-b386-"
	    "5497caab8b2f"), "otherTenant is not served");
	directory_clear(&d);
	cr_assert_eq(d.clients[0].secret[0], '\0', "secrets are wiped");
}

Test(directory, token_version)
{
	struct directory	d;
	char			err[ISSUER_ERR_MAX];

	cr_assert_eq(parse(&d, NULL, ROLES, "[" CLIENT "]", err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(d.res.token_version, 1, "absent: v1");
	cr_assert_eq(parse(&d, "null", ROLES, "[" CLIENT "]", err,
	    sizeof(err)), 0);
	cr_assert_eq(d.res.token_version, 1, "null: v1");
	cr_assert_eq(parse(&d, "2", ROLES, "[" CLIENT "]", err,
	    sizeof(err)), 0);
	cr_assert_eq(d.res.token_version, 2);
	cr_assert_eq(parse(&d, "3", ROLES, "[" CLIENT "]", err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "resource.requestedAccessTokenVersion must be "
	    "null, 1 or 2");
}

Test(directory, refusals_name_the_field)
{
	struct directory	d;
	char			err[ISSUER_ERR_MAX];

	cr_assert_eq(parse(&d, "2", ROLES, "[{\"name\":\"a\",\"appId\":"
	    "\"nope\"}]", err, sizeof(err)), -1);
	cr_assert_str_eq(err, "clients[0].appId must be a GUID "
	    "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");

	cr_assert_eq(parse(&d, "2", ROLES, "[{\"name\":\"a\",\"appId\":"
	    "\"1e6571b5-b522-426c-a9fa-4b16af19b4e6\",\"objectId\":"
	    "\"d8911250-41c2-4d6a-a466-fc10c5c6c0d9\",\"secret\":\"s\","
	    "\"appRoles\":[\"MCP.Admin\"]}]", err, sizeof(err)), -1);
	cr_assert_str_eq(err, "clients[0].appRoles[0] is not an app role of "
	    "the resource");

	cr_assert_eq(parse(&d, "2", ROLES, "[" CLIENT "," CLIENT "]", err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "clients[1] repeats the name or appId of "
	    "clients[0]");

	cr_assert_eq(parse(&d, "2", "[{\"id\":\"b0b5c330-a810-4158-983f-"
	    "192bc4c7819e\",\"value\":\"MCP.Access\",\"allowedMemberTypes\":"
	    "[\"User\"]}]", "[" CLIENT "]", err, sizeof(err)), -1);
	cr_assert(strstr(err, "must include \"Application\"") != NULL, "%s",
	    err);

	cr_assert_eq(parse(&d, "2", ROLES, "[]", err, sizeof(err)), -1);
	cr_assert(strstr(err, "clients must be") != NULL, "%s", err);

	cr_assert_eq(directory_parse(&d, "{", 1, err, sizeof(err)), -1);
	cr_assert(strstr(err, "not valid JSON") != NULL, "%s", err);
	cr_assert_eq(directory_parse(&d, "{\"tenant\":1,\"tenant\":2}", 24,
	    err, sizeof(err)), -1, "duplicate keys are refused");
}
