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
 * The runner's diagnosis rules (diag.h). Each rule is a symptom of the
 * guide's troubleshooting table (GUIDE_AUTH_MCP_SERVER.md section 10) or
 * a field problem (../shared notes easyauth-and-entra.md section 9),
 * recognised from what the step meant and what it got; the first rule
 * that matches names the most likely cause. Tokens are decoded to compare
 * their claims with the settings; claims may be shown, tokens never.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "challenge.h"
#include "diag.h"
#include "mem.h"
#include "redact.h"

#define DIAG_SKEW		300	/* seconds, as the gate and .NET */
#define DIAG_PRM_PATH		"/.well-known/oauth-protected-resource"
#define DIAG_V1_ISS		"https://sts.windows.net/"
#define DIAG_V2_ISS		"https://login.microsoftonline.com/"

/* What the token says, for the rules; borrowed from claims. */
struct diag_token {
	json_t		*claims;
	const char	*ver;
	const char	*iss;
	const char	*client;	/* azp (v2) or appid (v1) */
	const char	*oid;
	const char	*tid;
	json_t		*aud;
	json_t		*roles;
	char		 itenant[64];	/* the tenant in iss */
	int		 v1;
};

/* AADSTS codes of the token endpoint: GUIDE section 10. */
static const struct {
	const char	*code;
	const char	*cause;
} diag_aadsts[] = {
	{ "AADSTS500011", "the resource principal was not found: the MCP "
	    "app registration has no service principal in this tenant, or "
	    "the scope names an identifier URI the registration does not "
	    "have (05-service-principal.sh; ask for <api_uri>/.default "
	    "exactly)" },
	{ "AADSTS7000215", "the client secret is wrong or expired "
	    "(SCENARIO_CLIENT_SECRET_<NAME>)" },
	{ "AADSTS700016", "the client id is not an application in this "
	    "tenant (client.NAME.id, tenant)" },
	{ "AADSTS9010010", "the resource parameter differs from the "
	    "identifier URI (often a trailing slash): use <api_uri> exactly" },
	{ "AADSTS501051", "appRoleAssignmentRequired is set on the MCP "
	    "app's service principal and the caller has no role "
	    "assignment: assign MCP.Access (06-role-assignments.sh)" },
	{ "AADSTS90002", "the tenant was not found: check the tenant id" },
	{ NULL, NULL }
};

static int	diag_b64url(const char *, size_t, struct buf *);
static void	diag_token(const char *, struct diag_token *);
static int	diag_want_2xx(const struct diag_input *);
static int	diag_want(const struct diag_input *, long);
static const char *diag_path(const struct diag_input *);
static int	diag_aud_has(json_t *, const char *);
static void	diag_show_aud(struct buf *, json_t *);
static void	diag_show_token(struct buf *, const struct diag_token *);
static void	diag_server_says(const struct diag_input *, struct buf *);
static const char *diag_challenge(const struct http_response *,
		    const char *, struct challenges *);
static void	diag_401(const struct diag_input *,
		    const struct diag_token *, struct buf *);
static void	diag_403(const struct diag_input *,
		    const struct diag_token *, struct buf *);

/* RFC 4648 section 5, without padding (RFC 7515 section 2). */
static int
diag_b64url(const char *s, size_t len, struct buf *out)
{
	unsigned int	acc;
	size_t		i;
	int		bits, v;
	char		c;

	acc = 0;
	bits = 0;
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '-')
			v = 62;
		else if (c == '_')
			v = 63;
		else
			return (-1);
		acc = (acc << 6) | (unsigned int)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_appendc(out, (char)((acc >> bits) & 0xff));
		}
	}
	return (0);
}

/* The payload of a compact JWS as a JSON object, or NULL. */
json_t *
diag_claims(const char *token)
{
	const char	*p, *q;
	struct buf	 b;
	json_t		*j;

	if (token == NULL || (p = strchr(token, '.')) == NULL ||
	    (q = strchr(p + 1, '.')) == NULL)
		return (NULL);
	buf_init(&b);
	j = NULL;
	if (diag_b64url(p + 1, (size_t)(q - p - 1), &b) == 0)
		j = json_loadb(buf_str(&b), b.len, 0, NULL);
	buf_free_secret(&b);
	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	return (j);
}

static void
diag_token(const char *token, struct diag_token *t)
{
	const char	*p;
	size_t		 n;

	memset(t, 0, sizeof(*t));
	if ((t->claims = diag_claims(token)) == NULL)
		return;
	t->ver = json_string_value(json_object_get(t->claims, "ver"));
	t->iss = json_string_value(json_object_get(t->claims, "iss"));
	t->oid = json_string_value(json_object_get(t->claims, "oid"));
	t->tid = json_string_value(json_object_get(t->claims, "tid"));
	t->aud = json_object_get(t->claims, "aud");
	t->roles = json_object_get(t->claims, "roles");
	t->v1 = (t->ver != NULL && strcmp(t->ver, "1.0") == 0) ||
	    (t->iss != NULL && strncmp(t->iss, DIAG_V1_ISS,
	    strlen(DIAG_V1_ISS)) == 0);
	t->client = json_string_value(json_object_get(t->claims,
	    t->v1 ? "appid" : "azp"));
	if (t->client == NULL)
		t->client = json_string_value(json_object_get(t->claims,
		    t->v1 ? "azp" : "appid"));
	/* The tenant of https://sts.windows.net/T/ or .../T/v2.0. */
	p = NULL;
	if (t->iss != NULL && strncmp(t->iss, DIAG_V1_ISS,
	    strlen(DIAG_V1_ISS)) == 0)
		p = t->iss + strlen(DIAG_V1_ISS);
	else if (t->iss != NULL && strncmp(t->iss, DIAG_V2_ISS,
	    strlen(DIAG_V2_ISS)) == 0)
		p = t->iss + strlen(DIAG_V2_ISS);
	if (p != NULL && (n = strcspn(p, "/")) > 0 &&
	    n < sizeof(t->itenant)) {
		memcpy(t->itenant, p, n);
		t->itenant[n] = '\0';
	}
}

/* The step expects success only. */
static int
diag_want_2xx(const struct diag_input *in)
{
	size_t	i;

	for (i = 0; i < in->nwant; i++) {
		if (in->want[i] < 200 || in->want[i] > 299)
			return (0);
	}
	return (in->nwant > 0);
}

static int
diag_want(const struct diag_input *in, long status)
{
	size_t	i;

	for (i = 0; i < in->nwant; i++) {
		if (in->want[i] == status)
			return (1);
	}
	return (0);
}

/* The request's path (and query), relative to the target. */
static const char *
diag_path(const struct diag_input *in)
{
	size_t	n;

	if (in->url == NULL)
		return ("");
	n = in->base == NULL ? 0 : strlen(in->base);
	if (n > 0 && strncmp(in->url, in->base, n) == 0)
		return (in->url[n] == '\0' ? "/" : in->url + n);
	return (in->url);
}

static int
diag_aud_has(json_t *aud, const char *v)
{
	json_t	*e;
	size_t	 i;

	if (v == NULL)
		return (0);
	if (json_is_string(aud))
		return (strcmp(json_string_value(aud), v) == 0);
	json_array_foreach(aud, i, e) {
		if (json_is_string(e) && strcmp(json_string_value(e), v) == 0)
			return (1);
	}
	return (0);
}

static void
diag_show_aud(struct buf *out, json_t *aud)
{
	char	*s;

	if (json_is_string(aud)) {
		buf_appends(out, json_string_value(aud));
		return;
	}
	if (aud == NULL) {
		buf_appends(out, "(none)");
		return;
	}
	s = json_dumps(aud, JSON_COMPACT | JSON_ENCODE_ANY);
	buf_appends(out, s);
	free(s);
}

/* The claims that decide, never the token. */
static void
diag_show_token(struct buf *out, const struct diag_token *t)
{
	buf_appendf(out, "\nthe token sent: ver %s, iss %s, aud ",
	    t->ver != NULL ? t->ver : "(none)",
	    t->iss != NULL ? t->iss : "(none)");
	diag_show_aud(out, t->aud);
	buf_appendf(out, ", client id (%s) %s", t->v1 ? "appid" : "azp",
	    t->client != NULL ? t->client : "(none)");
}

/* What the server said about it: challenge or JSON body. */
static void
diag_server_says(const struct diag_input *in, struct buf *out)
{
	struct challenges	 cs;
	json_t			*j;
	const char		*d;

	if (in->resp == NULL)
		return;
	challenges_init(&cs);
	d = diag_challenge(in->resp, "error_description", &cs);
	if (d != NULL) {
		buf_appends(out, "\nthe server says: ");
		redact_show(out, d, strlen(d), 200);
	} else if ((j = json_loadb(in->resp->body.data, in->resp->body.len,
	    0, NULL)) != NULL) {
		if ((d = json_string_value(json_object_get(j,
		    "error_description"))) != NULL) {
			buf_appends(out, "\nthe server says: ");
			redact_show(out, d, strlen(d), 200);
		}
		json_decref(j);
	}
	challenges_free(&cs);
}

/* A parameter of the first Bearer challenge, or NULL. */
static const char *
diag_challenge(const struct http_response *r, const char *param,
    struct challenges *cs)
{
	const struct challenge	*c;
	char			 err[128];
	size_t			 i;

	for (i = 0; i < r->nheaders; i++) {
		if (strcasecmp(r->headers[i].name, "www-authenticate") == 0 &&
		    challenge_parse(cs, r->headers[i].value, err,
		    sizeof(err)) == -1)
			return (NULL);
	}
	if ((c = challenge_find(cs, "Bearer")) == NULL)
		return (NULL);
	return (challenge_param(c, param));
}

/* A token meant to be good, refused with 401: which check failed. */
static void
diag_401(const struct diag_input *in, const struct diag_token *t,
    struct buf *out)
{
	const char	*cid, *uri, *ten;
	long long	 exp, nbf;

	cid = in->set->client_id;
	uri = in->set->api_uri;
	ten = in->set->tenant;
	buf_appends(out, "valid token refused with 401: ");
	if (t->claims == NULL) {
		buf_appends(out, "the token is not a JWT\nEntra access tokens "
		    "are three base64url parts with a JSON payload: check the "
		    "token source (MCP_TOKEN must be an access token for the "
		    "MCP app, not an id token or a secret)");
		return;
	}
	exp = json_integer_value(json_object_get(t->claims, "exp"));
	nbf = json_integer_value(json_object_get(t->claims, "nbf"));
	if (json_is_integer(json_object_get(t->claims, "exp")) &&
	    exp + DIAG_SKEW < (long long)in->now) {
		buf_appendf(out, "the token has expired\nit expired %lld "
		    "minutes ago: get a new one (Entra app-only tokens live 60 "
		    "to 90 minutes)", ((long long)in->now - exp) / 60);
	} else if (json_is_integer(json_object_get(t->claims, "nbf")) &&
	    nbf > (long long)in->now + DIAG_SKEW) {
		buf_appendf(out, "the token is not valid yet\nnbf is %lld "
		    "seconds ahead: this machine's clock and the server's "
		    "differ by more than 5 minutes", nbf - (long long)in->now);
	} else if (ten != NULL && ((t->itenant[0] != '\0' &&
	    strcasecmp(t->itenant, ten) != 0) || (t->tid != NULL &&
	    strcasecmp(t->tid, ten) != 0))) {
		buf_appendf(out, "issuer mismatch: the token comes from "
		    "another tenant\nits issuer names tenant %s, the target's "
		    "tenant is %s (openIdIssuer %s%s/v2.0): get the token from "
		    "that tenant (az login --tenant %s), or fix the tenant of "
		    "openIdIssuer", t->itenant[0] != '\0' ? t->itenant :
		    t->tid, ten, DIAG_V2_ISS, ten, ten);
	} else if ((cid != NULL || uri != NULL) && !diag_aud_has(t->aud,
	    cid) && !diag_aud_has(t->aud, uri)) {
		buf_appends(out, "the token is for another audience\nits aud "
		    "is ");
		diag_show_aud(out, t->aud);
		buf_appendf(out, "; this MCP app is %s (identifier URI %s): "
		    "request scope %s/.default (in Foundry: audience %s)",
		    cid != NULL ? cid : "?", uri != NULL ? uri : "?",
		    uri != NULL ? uri : "<api_uri>", uri != NULL ? uri :
		    "<api_uri>");
	} else if (t->v1 && uri != NULL && diag_aud_has(t->aud, uri)) {
		buf_appendf(out, "audience form missing from "
		    "allowedAudiences\nthe token is v1.0 with aud = the "
		    "identifier URI %s: list it in allowedAudiences next to "
		    "the client id %s (both forms, GUIDE section 6), or set "
		    "requestedAccessTokenVersion 2 on the registration so that "
		    "tokens carry aud = %s", uri, cid != NULL ? cid : "?",
		    cid != NULL ? cid : "the client id");
	} else if (t->v1) {
		buf_appendf(out, "v1/v2 issuer mismatch\nthe token is v1.0 "
		    "(iss %s) where the server validates v2.0 tokens "
		    "(openIdIssuer %s%s/v2.0): set requestedAccessTokenVersion "
		    "2 on the MCP app registration (Microsoft's MCP guidance "
		    "supports v2.0 only), then get a new token",
		    t->iss != NULL ? t->iss : "?", DIAG_V2_ISS,
		    ten != NULL ? ten : "<tenant>");
	} else if (uri != NULL && diag_aud_has(t->aud, uri) &&
	    !diag_aud_has(t->aud, cid)) {
		buf_appendf(out, "audience form missing from "
		    "allowedAudiences\naud is the identifier URI %s: list it "
		    "in allowedAudiences next to the client id (both forms, "
		    "GUIDE section 6)", uri);
	} else {
		buf_appendf(out, "the token fits this app: the server's "
		    "registration differs\nthe token is v2.0 for client id %s "
		    "from tenant %s, an audience EasyAuth always accepts: check "
		    "that authsettingsV2 registration.clientId is %s and "
		    "openIdIssuer is %s%s/v2.0 (a v1/v2 issuer mismatch or "
		    "another registration)", cid != NULL ? cid : "?",
		    ten != NULL ? ten : "?", cid != NULL ? cid : "?",
		    DIAG_V2_ISS, ten != NULL ? ten : "<tenant>");
	}
	diag_show_token(out, t);
	diag_server_says(in, out);
}

/* A token meant to be good, refused with 403: policy or app role. */
static void
diag_403(const struct diag_input *in, const struct diag_token *t,
    struct buf *out)
{
	struct challenges	 cs;
	const char		*err, *scope, *ten;
	char			*roles;
	int			 noroles;

	challenges_init(&cs);
	err = diag_challenge(in->resp, "error", &cs);
	scope = diag_challenge(in->resp, "scope", &cs);
	ten = in->set->tenant;
	noroles = t->claims != NULL && (!json_is_array(t->roles) ||
	    json_array_size(t->roles) == 0);
	buf_appends(out, "valid token refused with 403: ");
	if (noroles) {
		buf_appendf(out, "no roles claim in the token (no app role "
		    "assignment, or no service principal for the app "
		    "registration)\nthe token of client %s (object id %s) "
		    "carries no roles: assign the app role MCP.Access to that "
		    "service principal on the MCP app (06-role-assignments.sh, "
		    "GUIDE section 8); if that fails, the registration has no "
		    "service principal (05-service-principal.sh). Then get a "
		    "new token: roles are written when it is issued",
		    t->client != NULL ? t->client : "?",
		    t->oid != NULL ? t->oid : "?");
	} else if (err != NULL && strcmp(err, "insufficient_scope") == 0) {
		roles = t->roles == NULL ? NULL : json_dumps(t->roles,
		    JSON_COMPACT);
		buf_appendf(out, "the token lacks the app role %s\nits roles "
		    "are %s; assign %s to client %s (06-role-assignments.sh) "
		    "and get a new token", scope != NULL ? scope : "asked for",
		    roles != NULL ? roles : "unknown", scope != NULL ? scope :
		    "the role", t->client != NULL ? t->client : "?");
		free(roles);
	} else if (ten != NULL && t->tid != NULL &&
	    strcasecmp(t->tid, ten) != 0) {
		buf_appendf(out, "the caller's tenant is not allowed\nthe "
		    "token's tid is %s: WEBSITE_AUTH_AAD_ALLOWED_TENANTS must "
		    "list it", t->tid);
	} else {
		buf_appendf(out, "caller not in allowedClientApplications/"
		    "allowedApplications\nthe token's client id (%s) %s is not "
		    "allowed by authsettingsV2 (jwtClaimChecks."
		    "allowedClientApplications, defaultAuthorizationPolicy."
		    "allowedApplications): Foundry calls come from the agent "
		    "identity or the project identity, list both (GUIDE "
		    "section 8); a list stored empty has been seen to deny "
		    "every token", t->v1 ? "appid" : "azp",
		    t->client != NULL ? t->client : "(unknown)");
	}
	if (t->claims != NULL)
		diag_show_token(out, t);
	diag_server_says(in, out);
	challenges_free(&cs);
}

/*
 * The most likely cause of a failed step, into out; 0 when no rule
 * matches (nothing is written then).
 */
int
diag_explain(const struct diag_input *in, struct buf *out)
{
	struct diag_token	 t;
	const char		*kind, *path, *ct;
	size_t			 i, mcplen;
	long			 st;
	int			 meant_valid, rc;

	memset(&t, 0, sizeof(t));
	rc = 1;
	kind = in->token_kind != NULL ? in->token_kind : "none";
	path = diag_path(in);
	st = in->resp != NULL ? in->resp->status : 0;
	meant_valid = strcmp(kind, "valid") == 0 ||
	    strcmp(kind, "client") == 0 || strcmp(kind, "env") == 0 ||
	    strcmp(kind, "minted") == 0;

	/* No token to send: the token endpoint said why, or did not. */
	if (in->error != NULL && strstr(in->error, "AADSTS") != NULL) {
		for (i = 0; diag_aadsts[i].code != NULL; i++) {
			if (strstr(in->error, diag_aadsts[i].code) != NULL)
				break;
		}
		buf_appendf(out, "no token: the token endpoint refused the "
		    "client credentials request\n%s",
		    diag_aadsts[i].code != NULL ? diag_aadsts[i].cause :
		    "see the AADSTS code in GUIDE section 10");
		goto out;
	}
	if (in->token_failed) {
		buf_appends(out, "no token: the token source failed, the "
		    "request was not sent\ncheck authority, tenant, the "
		    "client's id and SCENARIO_CLIENT_SECRET_<NAME>, or "
		    "MCP_TOKEN (docs/scenarios.md, Settings)");
		goto out;
	}

	/* A GET on the MCP endpoint that never ends. */
	mcplen = in->mcp != NULL ? strlen(in->mcp) : 0;
	if (in->method != NULL && strcmp(in->method, "GET") == 0 &&
	    in->timed_out && mcplen > 0 && in->url != NULL &&
	    strncmp(in->url, in->mcp, mcplen) == 0 &&
	    (in->url[mcplen] == '\0' || in->url[mcplen] == '?')) {
		ct = st != 0 ? http_header(in->resp, "content-type") : NULL;
		buf_appendf(out, "GET on the MCP endpoint hanging: no answer "
		    "within %ld s", in->timeout_ms / 1000);
		if (st != 0)
			buf_appendf(out, " (%ld %s headers, then nothing)", st,
			    ct != NULL ? ct : "without Content-Type");
		buf_appends(out, "\nthe server holds a GET open as an event "
		    "stream and never writes (FastMCP with stateless_http does "
		    "this, python-sdk issue #3492); clients that open this GET "
		    "after initialize (the TypeScript SDK) keep a connection "
		    "waiting, and gateways time out. A stateless server "
		    "answers GET with 405 and Allow: POST (MCP Streamable "
		    "HTTP, \"Listening for Messages from the Server\")");
		goto out;
	}
	if (in->method != NULL && st == 0) {
		buf_appendf(out, "the target does not answer\n%s %s got no "
		    "HTTP answer%s: check the base URL, that the app is "
		    "running, and (App Service) that the container listens "
		    "on WEBSITES_PORT", in->method, path, in->timed_out ?
		    " in time" : "");
		goto out;
	}
	if (in->resp == NULL)
		goto none;

	if (meant_valid && diag_want_2xx(in) && (st == 401 || st == 403)) {
		diag_token(in->token, &t);
		if (st == 401)
			diag_401(in, &t, out);
		else
			diag_403(in, &t, out);
		goto out;
	}

	/* Nothing sent, 401 expected, but in. */
	if (strcmp(kind, "none") == 0 && diag_want(in, 401) &&
	    !diag_want_2xx(in) && st >= 200 && st <= 299) {
		buf_appendf(out, "%s answered %ld without a token: auth "
		    "disabled, or runtime not enforcing\nauthentication is "
		    "off (authsettingsV2 platform.enabled false, or the Entra "
		    "provider disabled), or its runtime does not enforce it "
		    "(platform.runtimeVersion: use ~2, then restart the app), "
		    "or requireAuthentication is false with AllowAnonymous "
		    "(GUIDE sections 6 and 10)", strcmp(path, "/") == 0 ?
		    "root" : path, st);
		goto out;
	}

	/* Tokens that must be refused, accepted. */
	if ((strcmp(kind, "fake") == 0 || strcmp(kind, "wrong-audience") ==
	    0) && diag_want(in, 401) && st >= 200 && st <= 299) {
		buf_appendf(out, "a token that must be refused was accepted: "
		    "%s\n%s %s answered %ld: authentication is off for this "
		    "path (excludedPaths?) or the validator skips that check",
		    kind[0] == 'f' ? "signatures are not verified" :
		    "audiences are not checked", in->method, path, st);
		goto out;
	}

	/*
	 * The protected resource metadata, missing: 404, or with auth on
	 * a 401 like any other protected path (the local gate's answer).
	 */
	if (strncmp(path, DIAG_PRM_PATH, strlen(DIAG_PRM_PATH)) == 0 &&
	    diag_want(in, 200) && (st == 404 || (st == 401 &&
	    strcmp(kind, "none") == 0))) {
		if (in->target_auth == SCN_AUTH_ON || st == 401)
			buf_appendf(out, "PRM %ld with auth on: "
			    "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES unset, or the "
			    "app not restarted\nApp Service serves the "
			    "Protected Resource Metadata only when that app "
			    "setting names the scopes, and reads it at "
			    "start-up: set it to %s/user_impersonation "
			    "(08-prm-setting.sh), then restart (09-restart.sh, "
			    "GUIDE section 7)", st, in->set->api_uri != NULL ?
			    in->set->api_uri : "<api_uri>");
		else
			buf_appends(out, "PRM 404: authentication is off\nthe "
			    "metadata is served by App Service Authentication, "
			    "not by the app (case A2): enable authentication "
			    "(GUIDE section 6)");
		goto out;
	}
none:
	rc = 0;
out:
	json_decref(t.claims);
	return (rc);
}

/*
 * A target declared auth=on that probes as off: what the probe saw
 * (GET / and the PRM's statuses) says the same as a failing B1.
 */
void
diag_target(long root, long prm, struct buf *out)
{
	buf_appendf(out, "auth looks off (GET / answered %ld, the PRM %ld): "
	    "authentication disabled, or runtime not enforcing "
	    "(authsettingsV2 platform.enabled, platform.runtimeVersion ~2, "
	    "then restart; GUIDE section 10)", root, prm);
}
