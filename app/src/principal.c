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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "principal.h"

/*
 * .NET's default inbound claim type mapping, which App Service applies
 * to the claims it shows in X-MS-CLIENT-PRINCIPAL and /.auth/me
 * (ClaimTypeMapping.cs in azure-activedirectory-identitymodel-
 * extensions-for-dotnet); every other claim keeps its short name.
 */
static const struct {
	const char	*jwt;
	const char	*typ;
} principal_typs[] = {
	{ "sub", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/"
	    "nameidentifier" },
	{ "oid", "http://schemas.microsoft.com/identity/claims/"
	    "objectidentifier" },
	{ "tid", "http://schemas.microsoft.com/identity/claims/tenantid" },
	{ "scp", "http://schemas.microsoft.com/identity/claims/scope" },
	{ "idp", "http://schemas.microsoft.com/identity/claims/"
	    "identityprovider" },
	{ "roles", PRINCIPAL_ROLE_TYP },
	{ "role", PRINCIPAL_ROLE_TYP },
	{ "email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/"
	    "emailaddress" },
	{ "upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn" },
	{ "unique_name", "http://schemas.xmlsoap.org/ws/2005/05/identity/"
	    "claims/name" },
};

static const char	*principal_typ(const char *);
static int		 principal_claim(json_t *, const char *,
			    const json_t *);

struct principal *
principal_new(void)
{
	struct principal	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		abort();
	p->refs = 1;

	return (p);
}

struct principal *
principal_ref(struct principal *p)
{
	p->refs++;
	return (p);
}

void
principal_release(struct principal *p)
{
	if (p == NULL || --p->refs > 0)
		return;

	if (p->claims != NULL)
		json_decref(p->claims);
	explicit_bzero(p, sizeof(*p));
	free(p);
}

int
principal_has_role(const struct principal *p, const char *role)
{
	int	i;

	for (i = 0; i < p->nroles; i++) {
		if (strcmp(p->roles[i], role) == 0)
			return (1);
	}

	return (0);
}

/* scp is a space-separated list (RFC 8693 section 4.2 style). */
int
principal_has_scope(const struct principal *p, const char *scope)
{
	const char	*s, *e;
	size_t		 len;

	len = strlen(scope);
	if (len == 0)
		return (0);

	for (s = p->scp; *s != '\0'; s = e) {
		while (*s == ' ')
			s++;
		e = s;
		while (*e != '\0' && *e != ' ')
			e++;
		if ((size_t)(e - s) == len && memcmp(s, scope, len) == 0)
			return (1);
	}

	return (0);
}

/*
 * The validated claims the way App Service lists them (/.auth/me's
 * user_claims, X-MS-CLIENT-PRINCIPAL's claims): one {"typ","val"} per
 * scalar claim and per array element, values as strings, claim types
 * mapped as .NET maps them. NULL when out of memory.
 */
json_t *
principal_user_claims(const struct principal *p)
{
	json_t		*out;
	const json_t	*v, *e;
	const char	*name, *typ;
	size_t		 i;

	if ((out = json_array()) == NULL)
		return (NULL);
	if (p->claims == NULL)
		return (out);

	json_object_foreach((json_t *)p->claims, name, v) {
		typ = principal_typ(name);
		if (json_is_array(v)) {
			json_array_foreach(v, i, e) {
				if (principal_claim(out, typ, e) == -1)
					goto fail;
			}
		} else if (principal_claim(out, typ, v) == -1) {
			goto fail;
		}
	}

	return (out);

fail:
	json_decref(out);
	return (NULL);
}

/* EasyAuth's user_id: a name claim when there is one, else the oid. */
const char *
principal_name(const struct principal *p)
{
	const char	*names[] = { "preferred_username", "upn",
	    "unique_name", "email" };
	const char	*s;
	size_t		 i;

	for (i = 0; p->claims != NULL && i < sizeof(names) / sizeof(names[0]);
	    i++) {
		s = json_string_value(json_object_get(p->claims, names[i]));
		if (s != NULL && *s != '\0')
			return (s);
	}

	return (p->oid);
}

static const char *
principal_typ(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(principal_typs) / sizeof(principal_typs[0]);
	    i++) {
		if (strcmp(principal_typs[i].jwt, name) == 0)
			return (principal_typs[i].typ);
	}

	return (name);
}

static int
principal_claim(json_t *out, const char *typ, const json_t *v)
{
	json_t	*val;
	char	 num[32], *text;
	double	 d;

	text = NULL;
	switch (json_typeof(v)) {
	case JSON_STRING:
		val = json_stringn(json_string_value(v),
		    json_string_length(v));
		break;
	case JSON_INTEGER:
		(void)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		val = json_string(num);
		break;
	case JSON_REAL:
		d = json_real_value(v);
		(void)snprintf(num, sizeof(num), "%.17g", d);
		val = json_string(num);
		break;
	case JSON_TRUE:
		val = json_string("true");
		break;
	case JSON_FALSE:
		val = json_string("false");
		break;
	case JSON_NULL:
		return (0);
	default:
		if ((text = json_dumps(v, JSON_COMPACT)) == NULL)
			return (-1);
		val = json_string(text);
		free(text);
		break;
	}

	if (val == NULL)
		return (-1);
	return (json_array_append_new(out, json_pack("{s:s, s:o}", "typ", typ,
	    "val", val)));
}
