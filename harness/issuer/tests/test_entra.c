/*
 * entra.c: Entra's URL layout, error document and metadata documents.
 * Error shape per the Entra error code reference ("Handling error
 * codes": error, error_description, error_codes, timestamp, trace_id,
 * correlation_id, error_uri); metadata per notes section 2 and OpenID
 * Connect Discovery 1.0 section 3 (issuer, jwks_uri, ... required).
 */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "entra.h"

#define T	"835db6b3-71d4-4363-b50b-ddf339b33b4b"

Test(entra, routes)
{
	static const struct {
		const char		*path;
		enum entra_route	 route;
	} cases[] = {
		{ "/" T "/.well-known/openid-configuration", ROUTE_META_V1 },
		{ "/" T "/v2.0/.well-known/openid-configuration",
		    ROUTE_META_V2 },
		{ "/" T "/discovery/keys", ROUTE_KEYS_V1 },
		{ "/" T "/discovery/v2.0/keys", ROUTE_KEYS_V2 },
		{ "/" T "/oauth2/token", ROUTE_TOKEN_V1 },
		{ "/" T "/oauth2/v2.0/token", ROUTE_TOKEN_V2 },
		{ "/" T "/oauth2/authorize", ROUTE_AUTHORIZE_V1 },
		{ "/" T "/oauth2/v2.0/authorize", ROUTE_AUTHORIZE_V2 },
		{ "/contoso.onmicrosoft.com/discovery/keys", ROUTE_KEYS_V1 },
		{ "/" T "/oauth2/v2.0/token/", ROUTE_NONE },
		{ "/" T "/discovery/v2.0/keys/../keys", ROUTE_NONE },
		{ "//oauth2/v2.0/token", ROUTE_NONE },
		{ "/a b/oauth2/v2.0/token", ROUTE_NONE },
		{ "/a%2f/oauth2/v2.0/token", ROUTE_NONE },
		{ "/" T, ROUTE_NONE },
		{ "/", ROUTE_NONE },
		{ "", ROUTE_NONE },
		{ "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaa/discovery/keys", ROUTE_NONE },
	};
	char	tenant[ENTRA_TENANT_MAX + 1];
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(entra_route(cases[i].path, tenant,
		    sizeof(tenant)), cases[i].route, "%s", cases[i].path);
		if (cases[i].route != ROUTE_NONE && cases[i].path[1] == '8')
			cr_assert_str_eq(tenant, T);
	}
	cr_assert_eq(entra_route_version(ROUTE_TOKEN_V1), 1);
	cr_assert_eq(entra_route_version(ROUTE_KEYS_V2), 2);
	cr_assert_eq(entra_route_version(ROUTE_NONE), 0);
}

Test(entra, error_document)
{
	struct entra_error	 e;
	json_t			*j;
	const char		*desc, *k;
	json_t			*v;
	char			*doc, order[256];

	entra_error_set(&e, 401, "invalid_client", 7000215,
	    "Invalid client secret provided. %s", "More.");
	doc = entra_error_json(&e, "11111111-1111-4111-8111-111111111111",
	    "22222222-2222-4222-8222-222222222222", 1700000000);
	cr_assert_not_null(j = json_loads(doc, 0, NULL));
	free(doc);

	order[0] = '\0';
	json_object_foreach(j, k, v) {
		strcat(order, k);
		strcat(order, " ");
	}
	cr_assert_str_eq(order, "error error_description error_codes "
	    "timestamp trace_id correlation_id error_uri ");
	cr_assert_str_eq(json_string_value(json_object_get(j, "error")),
	    "invalid_client");
	desc = json_string_value(json_object_get(j, "error_description"));
	cr_assert_str_eq(desc, "AADSTS7000215: Invalid client secret provided. "
	    "More.\r\nTrace ID: 11111111-1111-4111-8111-111111111111\r\n"
	    "Correlation ID: 22222222-2222-4222-8222-222222222222\r\n"
	    "Timestamp: 2023-11-14 22:13:20Z");
	cr_assert_eq(json_integer_value(json_array_get(json_object_get(j,
	    "error_codes"), 0)), 7000215);
	cr_assert_str_eq(json_string_value(json_object_get(j, "timestamp")),
	    "2023-11-14 22:13:20Z");
	cr_assert_str_eq(json_string_value(json_object_get(j, "error_uri")),
	    "https://login.microsoftonline.com/error?code=7000215");
	json_decref(j);
}

/*
 * The description echoes client text (a grant_type, a client_id, cut
 * at a byte count): an invalid UTF-8 echo, or a cut inside a character,
 * must still give the error document, not a bare status (jansson refuses
 * such strings). Found by harness/fuzz/fuzz_issuer.c.
 */
Test(entra, error_document_echoes_bytes)
{
	struct entra_error	 e;
	json_t			*j;
	char			*doc;

	entra_error_set(&e, 400, "unsupported_grant_type", 70003,
	    "The app requested an unsupported grant type '%.8s'.",
	    "x\xff\x01\xe2\x82\xac\xe2\x82\xac");
	cr_assert_not_null(doc = entra_error_json(&e, "t", "c", 0));
	cr_assert_not_null(j = json_loads(doc, 0, NULL));
	cr_assert_str_eq(json_string_value(json_object_get(j, "error")),
	    "unsupported_grant_type");
	cr_assert_not_null(strstr(json_string_value(json_object_get(j,
	    "error_description")), "grant type 'x???????" "'."));
	free(doc);
	json_decref(j);
}

Test(entra, unknown_tenant)
{
	struct entra_error	e;

	entra_tenant_error(&e, 0, "nope");
	cr_assert_eq(e.status, 400);
	cr_assert_str_eq(e.error, "invalid_tenant", "discovery");
	cr_assert_eq(e.code, 90002);
	cr_assert_eq(strncmp(e.desc, "Tenant 'nope' not found.", 24), 0);
	entra_tenant_error(&e, 1, "nope");
	cr_assert_str_eq(e.error, "invalid_request", "token endpoint");
}

Test(entra, guids)
{
	char	a[ENTRA_GUID_LEN + 1], b[ENTRA_GUID_LEN + 1];
	size_t	i;

	cr_assert_eq(entra_guid(a, sizeof(a)), 0);
	cr_assert_eq(entra_guid(b, sizeof(b)), 0);
	cr_assert_str_neq(a, b);
	cr_assert_eq(strlen(a), ENTRA_GUID_LEN);
	for (i = 0; i < ENTRA_GUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			cr_assert_eq(a[i], '-');
		else
			cr_assert(strchr("0123456789abcdef", a[i]) != NULL);
	}
	cr_assert_eq(a[14], '4', "version 4");
	cr_assert(strchr("89ab", a[19]) != NULL, "RFC 4122 variant");
	cr_assert_eq(entra_guid(a, ENTRA_GUID_LEN), -1);
}

Test(entra, timestamps)
{
	char	ts[ENTRA_TIME_MAX];

	entra_timestamp(0, ts, sizeof(ts));
	cr_assert_str_eq(ts, "1970-01-01 00:00:00Z");
	entra_timestamp(1700000000, ts, sizeof(ts));
	cr_assert_str_eq(ts, "2023-11-14 22:13:20Z");
}

Test(entra, log_safe)
{
	char	out[16];

	entra_log_safe(out, sizeof(out), "/a\nb\x1b[31m\xc3\xa9");
	cr_assert_str_eq(out, "/a?b?[31m??");
	entra_log_safe(out, sizeof(out), "/0123456789abcdefghij");
	cr_assert_str_eq(out, "/0123456789a...");
	cr_assert_eq(strlen(out), sizeof(out) - 1);
	entra_log_safe(out, sizeof(out), NULL);
	cr_assert_str_eq(out, "");
}

/* A token a client put in the URL never reaches the log (MCP rule 30). */
Test(entra, log_safe_token_in_path)
{
	char	out[64];

	entra_log_safe(out, sizeof(out), "/eyJ0eXAiOiJKV1Qi.eyJhdWQi.c2ln/"
	    "oauth2/v2.0/token");
	cr_assert_str_eq(out, "/<redacted>");
	entra_log_safe(out, 12, "/abcdefgheyJ0eXAi");
	cr_assert_str_eq(out, "/abcdefg...");
	entra_log_safe(out, 16, "/abcdefgheyJ0eXAiOi");
	cr_assert_str_eq(out, "/abcdefgh<redac");
}

Test(entra, metadata_documents)
{
	static const struct {
		int		 version;
		const char	*field, *want;
	} want[] = {
		{ 1, "issuer", "https://sts.windows.net/" T "/" },
		{ 1, "jwks_uri", "http://127.0.0.1:9/" T "/discovery/keys" },
		{ 1, "token_endpoint",
		    "http://127.0.0.1:9/" T "/oauth2/token" },
		{ 1, "authorization_endpoint",
		    "http://127.0.0.1:9/" T "/oauth2/authorize" },
		{ 2, "issuer", "https://login.microsoftonline.com/" T "/v2.0" },
		{ 2, "jwks_uri",
		    "http://127.0.0.1:9/" T "/discovery/v2.0/keys" },
		{ 2, "token_endpoint",
		    "http://127.0.0.1:9/" T "/oauth2/v2.0/token" },
		{ 2, "authorization_endpoint",
		    "http://127.0.0.1:9/" T "/oauth2/v2.0/authorize" },
	};
	json_t	*j[3];
	char	*doc;
	size_t	 i;
	int	 v;

	for (v = 1; v <= 2; v++) {
		doc = entra_metadata(v, T, "http://127.0.0.1:9");
		cr_assert_not_null(j[v] = json_loads(doc, 0, NULL));
		free(doc);
		/* Required by OpenID Connect Discovery 1.0, section 3. */
		cr_assert(json_is_array(json_object_get(j[v],
		    "response_types_supported")));
		cr_assert(json_is_array(json_object_get(j[v],
		    "subject_types_supported")));
		cr_assert_str_eq(json_string_value(json_array_get(
		    json_object_get(j[v],
		    "id_token_signing_alg_values_supported"), 0)), "RS256");
		cr_assert_eq(json_array_size(json_object_get(j[v],
		    "token_endpoint_auth_methods_supported")), 2,
		    "only what is emulated: a secret in the body or Basic");
		cr_assert_str_eq(json_string_value(json_array_get(
		    json_object_get(j[v], "grant_types_supported"), 0)),
		    "client_credentials");
	}
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		cr_assert_str_eq(json_string_value(json_object_get(
		    j[want[i].version], want[i].field)), want[i].want,
		    "v%d %s", want[i].version, want[i].field);
	}
	json_decref(j[1]);
	json_decref(j[2]);
}
