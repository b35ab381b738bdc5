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
 * fixtures/directory.json into fixed-size structures. Every field is
 * checked here, once, with a message that names it, so the rest of the
 * stand-in can trust the directory.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "directory.h"
#include "issuer.h"

static int	dir_string(json_t *, const char *, const char *, char *,
		    size_t, int, char *, size_t);
static int	dir_guid(json_t *, const char *, const char *, char *,
		    char *, size_t);
static int	dir_resource(json_t *, struct dir_resource *, char *, size_t);
static int	dir_roles(json_t *, struct dir_resource *, char *, size_t);
static int	dir_client(json_t *, size_t, const struct dir_resource *,
		    struct dir_client *, char *, size_t);

int
directory_parse(struct directory *dir, const char *text, size_t len,
    char *err, size_t errlen)
{
	json_t		*root, *tenant, *clients, *c;
	json_error_t	 jerr;
	size_t		 i, j;
	int		 ret;

	ret = -1;
	memset(dir, 0, sizeof(*dir));

	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL) {
		issuer_fail(err, errlen, "not valid JSON (line %d: %s)",
		    jerr.line, jerr.text);
		return (-1);
	}

	if ((tenant = json_object_get(root, "tenant")) == NULL ||
	    !json_is_object(tenant)) {
		issuer_fail(err, errlen, "tenant must be an object");
		goto out;
	}
	if (dir_guid(tenant, "id", "tenant", dir->tenant_id, err,
	    errlen) == -1)
		goto out;
	if (dir_string(tenant, "displayName", "tenant",
	    dir->tenant_name, sizeof(dir->tenant_name), 1, err, errlen) == -1)
		goto out;

	if (dir_resource(json_object_get(root, "resource"), &dir->res, err,
	    errlen) == -1)
		goto out;

	clients = json_object_get(root, "clients");
	if (!json_is_array(clients) || json_array_size(clients) == 0 ||
	    json_array_size(clients) > DIR_CLIENTS_MAX) {
		issuer_fail(err, errlen, "clients must be an array of 1 to %d "
		    "clients", DIR_CLIENTS_MAX);
		goto out;
	}
	json_array_foreach(clients, i, c) {
		if (dir_client(c, i, &dir->res, &dir->clients[i], err,
		    errlen) == -1)
			goto out;
		for (j = 0; j < i; j++) {
			if (strcmp(dir->clients[j].name,
			    dir->clients[i].name) == 0 ||
			    directory_guid_eq(dir->clients[j].app_id,
			    dir->clients[i].app_id)) {
				issuer_fail(err, errlen, "clients[%zu] repeats "
				    "the name or appId of clients[%zu]", i, j);
				goto out;
			}
		}
		dir->nclients++;
	}

	ret = 0;
out:
	if (ret == -1)
		directory_clear(dir);
	json_decref(root);
	return (ret);
}

/* Read and parse the file at path (parent or command-line tool only). */
int
directory_load(struct directory *dir, const char *path, char *err,
    size_t errlen)
{
	char		*buf;
	ssize_t		 r;
	size_t		 len;
	int		 fd, ret;

	ret = -1;
	buf = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (issuer_fail(err, errlen, "%s: %s", path,
		    strerror(errno)));

	if ((buf = malloc(ISSUER_DIRFILE_MAX)) == NULL) {
		issuer_fail(err, errlen, "out of memory");
		goto out;
	}
	len = 0;
	for (;;) {
		r = read(fd, buf + len, ISSUER_DIRFILE_MAX - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			issuer_fail(err, errlen, "%s: %s", path,
			    strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == ISSUER_DIRFILE_MAX) {
			issuer_fail(err, errlen, "%s: larger than %d bytes",
			    path, ISSUER_DIRFILE_MAX);
			goto out;
		}
	}

	if (directory_parse(dir, buf, len, err, errlen) == -1)
		goto out;
	ret = 0;
out:
	if (buf != NULL) {
		explicit_bzero(buf, ISSUER_DIRFILE_MAX);
		free(buf);
	}
	(void)close(fd);
	return (ret);
}

/* The directory holds client secrets: wipe it, not just drop it. */
void
directory_clear(struct directory *dir)
{
	explicit_bzero(dir, sizeof(*dir));
}

/* The tenant segment of a URL: the tenant id, any letter case. */
int
directory_is_tenant(const struct directory *dir, const char *tenant)
{
	return (directory_guid_eq(dir->tenant_id, tenant));
}

/*
 * A resource named in a scope or resource parameter: one of the
 * registration's identifier URIs (exactly), or its appId (any case).
 */
int
directory_is_resource(const struct directory *dir, const char *name)
{
	size_t		i;

	if (directory_guid_eq(dir->res.app_id, name))
		return (1);
	for (i = 0; i < dir->res.nuris; i++) {
		if (strcmp(dir->res.uris[i], name) == 0)
			return (1);
	}
	return (0);
}

const struct dir_client *
directory_client(const struct directory *dir, const char *app_id)
{
	size_t		i;

	for (i = 0; i < dir->nclients; i++) {
		if (directory_guid_eq(dir->clients[i].app_id, app_id))
			return (&dir->clients[i]);
	}
	return (NULL);
}

const struct dir_client *
directory_client_named(const struct directory *dir, const char *name)
{
	size_t		i;

	for (i = 0; i < dir->nclients; i++) {
		if (strcmp(dir->clients[i].name, name) == 0)
			return (&dir->clients[i]);
	}
	return (NULL);
}

/* 8-4-4-4-12 hexadecimal digits. */
int
directory_guid_valid(const char *s)
{
	size_t		i;

	if (strlen(s) != DIR_GUID_LEN)
		return (0);
	for (i = 0; i < DIR_GUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return (0);
		} else if (!isxdigit((unsigned char)s[i])) {
			return (0);
		}
	}
	return (1);
}

int
directory_guid_eq(const char *a, const char *b)
{
	return (directory_guid_valid(a) && directory_guid_valid(b) &&
	    strcasecmp(a, b) == 0);
}

static int
dir_resource(json_t *o, struct dir_resource *res, char *err, size_t errlen)
{
	json_t		*uris, *u, *v;
	size_t		 i;

	if (!json_is_object(o))
		return (issuer_fail(err, errlen, "resource must be an object"));

	if (dir_string(o, "name", "resource", res->name,
	    sizeof(res->name), 1, err, errlen) == -1 ||
	    dir_string(o, "displayName", "resource", res->display,
	    sizeof(res->display), 1, err, errlen) == -1 ||
	    dir_guid(o, "appId", "resource", res->app_id, err,
	    errlen) == -1 ||
	    dir_guid(o, "servicePrincipalObjectId", "resource",
	    res->sp_oid, err, errlen) == -1)
		return (-1);

	uris = json_object_get(o, "identifierUris");
	if (!json_is_array(uris) || json_array_size(uris) == 0 ||
	    json_array_size(uris) > DIR_URIS_MAX)
		return (issuer_fail(err, errlen, "resource.identifierUris "
		    "must be an array of 1 to %d URIs", DIR_URIS_MAX));
	json_array_foreach(uris, i, u) {
		if (!json_is_string(u) || json_string_length(u) == 0 ||
		    json_string_length(u) >= DIR_URI_MAX ||
		    strchr(json_string_value(u), ' ') != NULL)
			return (issuer_fail(err, errlen,
			    "resource.identifierUris[%zu] must be a URI "
			    "without spaces", i));
		(void)snprintf(res->uris[i], sizeof(res->uris[i]), "%s",
		    json_string_value(u));
		res->nuris++;
	}

	/* As in Graph's apiApplication: null (or absent) means version 1. */
	v = json_object_get(o, "requestedAccessTokenVersion");
	if (v == NULL || json_is_null(v))
		res->token_version = 1;
	else if (json_is_integer(v) && (json_integer_value(v) == 1 ||
	    json_integer_value(v) == 2))
		res->token_version = (int)json_integer_value(v);
	else
		return (issuer_fail(err, errlen, "resource."
		    "requestedAccessTokenVersion must be null, 1 or 2"));

	return (dir_roles(json_object_get(o, "appRoles"), res, err, errlen));
}

/* App roles a client application can hold (allowedMemberTypes). */
static int
dir_roles(json_t *roles, struct dir_resource *res, char *err, size_t errlen)
{
	json_t		*r, *types, *t;
	size_t		 i, j, k;
	char		 where[64];
	int		 app;

	if (!json_is_array(roles) || json_array_size(roles) > DIR_ROLES_MAX)
		return (issuer_fail(err, errlen, "resource.appRoles must be an "
		    "array of at most %d roles", DIR_ROLES_MAX));

	json_array_foreach(roles, i, r) {
		(void)snprintf(where, sizeof(where), "resource.appRoles[%zu]",
		    i);
		if (!json_is_object(r))
			return (issuer_fail(err, errlen, "%s must be an object",
			    where));
		if (dir_guid(r, "id", where, res->roles[i].id, err,
		    errlen) == -1 ||
		    dir_string(r, "value", where, res->roles[i].value,
		    sizeof(res->roles[i].value), 1, err, errlen) == -1)
			return (-1);
		if (strpbrk(res->roles[i].value, " \"\\") != NULL)
			return (issuer_fail(err, errlen, "%s.value must not "
			    "hold spaces, quotes or backslashes", where));

		app = 0;
		types = json_object_get(r, "allowedMemberTypes");
		json_array_foreach(types, j, t) {
			if (json_is_string(t) &&
			    strcmp(json_string_value(t), "Application") == 0)
				app = 1;
		}
		if (!app)
			return (issuer_fail(err, errlen,
			    "%s.allowedMemberTypes must include "
			    "\"Application\": only application roles are "
			    "emulated", where));

		for (k = 0; k < i; k++) {
			if (strcmp(res->roles[k].value,
			    res->roles[i].value) == 0)
				return (issuer_fail(err, errlen, "%s repeats "
				    "the value '%s'", where,
				    res->roles[i].value));
		}
		res->nroles++;
	}

	return (0);
}

static int
dir_client(json_t *o, size_t i, const struct dir_resource *res,
    struct dir_client *cl, char *err, size_t errlen)
{
	json_t		*roles, *r;
	size_t		 j, k, n;
	char		 where[32];

	(void)snprintf(where, sizeof(where), "clients[%zu]", i);
	if (!json_is_object(o))
		return (issuer_fail(err, errlen, "%s must be an object",
		    where));

	if (dir_string(o, "name", where, cl->name, sizeof(cl->name), 1, err,
	    errlen) == -1 ||
	    dir_string(o, "displayName", where, cl->display,
	    sizeof(cl->display), 0, err, errlen) == -1 ||
	    dir_guid(o, "appId", where, cl->app_id, err, errlen) == -1 ||
	    dir_guid(o, "objectId", where, cl->oid, err, errlen) == -1 ||
	    dir_string(o, "secret", where, cl->secret, sizeof(cl->secret), 1,
	    err, errlen) == -1)
		return (-1);

	roles = json_object_get(o, "appRoles");
	if (roles != NULL && !json_is_array(roles))
		return (issuer_fail(err, errlen, "%s.appRoles must be an array",
		    where));
	json_array_foreach(roles, j, r) {
		if (j >= DIR_ROLES_MAX)
			return (issuer_fail(err, errlen, "%s.appRoles has more "
			    "than %d roles", where, DIR_ROLES_MAX));
		for (k = 0; k < res->nroles; k++) {
			if (json_is_string(r) && strcmp(json_string_value(r),
			    res->roles[k].value) == 0)
				break;
		}
		if (k == res->nroles)
			return (issuer_fail(err, errlen, "%s.appRoles[%zu] is "
			    "not an app role of the resource", where, j));
		for (n = 0; n < cl->nroles; n++) {
			if (cl->roles[n] == k)
				return (issuer_fail(err, errlen, "%s.appRoles"
				    "[%zu] is assigned twice", where, j));
		}
		cl->roles[cl->nroles++] = k;
	}

	return (0);
}

/* A string member of at most outlen - 1 bytes (non-empty if required). */
static int
dir_string(json_t *o, const char *key, const char *where, char *out,
    size_t outlen, int required, char *err, size_t errlen)
{
	json_t		*v;

	v = json_object_get(o, key);
	if (v == NULL && !required) {
		out[0] = '\0';
		return (0);
	}
	if (!json_is_string(v) || (required && json_string_length(v) == 0) ||
	    json_string_length(v) >= outlen ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return (issuer_fail(err, errlen, "%s.%s must be a %sstring of "
		    "at most %zu bytes", where, key,
		    required ? "non-empty " : "", outlen - 1));
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return (0);
}

static int
dir_guid(json_t *o, const char *key, const char *where, char *out, char *err,
    size_t errlen)
{
	json_t		*v;

	v = json_object_get(o, key);
	if (!json_is_string(v) || !directory_guid_valid(json_string_value(v)))
		return (issuer_fail(err, errlen, "%s.%s must be a GUID "
		    "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", where, key));
	memcpy(out, json_string_value(v), DIR_GUID_LEN + 1);
	return (0);
}
