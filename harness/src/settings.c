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
 * Settings file (--config FILE), one "key = value" a line, '#' comments:
 *	tenant		the tenant id ({tenant})
 *	client_id	the MCP app registration's client id ({client_id})
 *	api_uri		its identifier URI ({api_uri}; default api://client_id)
 *	authority	token endpoint base (default
 *			https://login.microsoftonline.com); the endpoint is
 *			{authority}/{tenant}/oauth2/v2.0/token
 *	mcp_path	default /mcp/mcp
 *	signing_key	PEM RSA private key for minted tokens (local only)
 *	signing_kid	its kid
 *	valid_client	the client `token valid` uses (default agent)
 *	client.NAME.id	a client's app id; client.NAME.oid its object id
 * Each also as SCENARIO_<KEY> in the environment (SCENARIO_TENANT, ...).
 * Secrets: SCENARIO_CLIENT_SECRET_<NAME> (NAME upper-cased), only.
 */

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

#include "buf.h"
#include "mem.h"
#include "settings.h"

struct settings_key {
	const char	*key;
	const char	*env;
	size_t		 off;
};

#define SK(k, e)	{ #k, e, offsetof(struct settings, k) }
static const struct settings_key settings_keys[] = {
	SK(tenant,	"SCENARIO_TENANT"),
	SK(client_id,	"SCENARIO_CLIENT_ID"),
	SK(api_uri,	"SCENARIO_API_URI"),
	SK(authority,	"SCENARIO_AUTHORITY"),
	SK(mcp_path,	"SCENARIO_MCP_PATH"),
	SK(signing_key,	"SCENARIO_SIGNING_KEY"),
	SK(signing_kid,	"SCENARIO_SIGNING_KID"),
	SK(valid_client, "SCENARIO_VALID_CLIENT"),
	{ NULL, NULL, 0 }
};
#undef SK

static void	settings_set(char **, const char *);
static int	settings_name_ok(const char *, size_t);

static void
settings_set(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

void
settings_init(struct settings *s)
{
	memset(s, 0, sizeof(*s));
}

void
settings_free(struct settings *s)
{
	const struct settings_key	*k;
	size_t				 i;

	for (k = settings_keys; k->key != NULL; k++)
		free(*(char **)((char *)s + k->off));
	for (i = 0; i < s->nclients; i++) {
		free(s->clients[i].name);
		free(s->clients[i].app_id);
		free(s->clients[i].object_id);
		xfree_secret(s->clients[i].secret);
	}
	memset(s, 0, sizeof(*s));
}

static int
settings_name_ok(const char *n, size_t len)
{
	size_t	i;

	if (len == 0 || len > 32)
		return (0);
	for (i = 0; i < len; i++) {
		if (!islower((unsigned char)n[i]) &&
		    !isdigit((unsigned char)n[i]) && n[i] != '_')
			return (0);
	}
	return (1);
}

struct client_def *
settings_client(struct settings *s, const char *name, int create)
{
	size_t	i;

	for (i = 0; i < s->nclients; i++) {
		if (strcmp(s->clients[i].name, name) == 0)
			return (&s->clients[i]);
	}
	if (!create || s->nclients == TOKEN_CLIENTS_MAX ||
	    !settings_name_ok(name, strlen(name)))
		return (NULL);
	memset(&s->clients[s->nclients], 0, sizeof(s->clients[0]));
	s->clients[s->nclients].name = xstrdup(name);
	return (&s->clients[s->nclients++]);
}

/*
 * The local Entra stand-in's directory (fixtures/directory.json): the
 * tenant, the MCP app and the named clients with their local-only
 * secrets.
 */
int
settings_directory(struct settings *s, const char *path, char *err,
    size_t errlen)
{
	json_t			*root, *c, *uris;
	json_error_t		 je;
	struct stat		 st;
	struct client_def	*cd;
	const char		*v, *name;
	size_t			 i;
	int			 rc;

	rc = -1;
	errno = 0;
	if (stat(path, &st) == -1 || st.st_size > DIRECTORY_FILE_MAX) {
		snprintf(err, errlen, "%s: %s", path, errno != 0 ?
		    strerror(errno) : "too large");
		return (-1);
	}
	if ((root = json_load_file(path, 0, &je)) == NULL) {
		snprintf(err, errlen, "%s:%d: %s", path, je.line, je.text);
		return (-1);
	}
	if ((v = json_string_value(json_object_get(json_object_get(root,
	    "tenant"), "id"))) != NULL)
		settings_set(&s->tenant, v);
	if ((v = json_string_value(json_object_get(json_object_get(root,
	    "resource"), "appId"))) != NULL)
		settings_set(&s->client_id, v);
	uris = json_object_get(json_object_get(root, "resource"),
	    "identifierUris");
	if ((v = json_string_value(json_array_get(uris, 0))) != NULL)
		settings_set(&s->api_uri, v);
	json_array_foreach(json_object_get(root, "clients"), i, c) {
		name = json_string_value(json_object_get(c, "name"));
		if (name == NULL || (cd = settings_client(s, name, 1)) ==
		    NULL) {
			snprintf(err, errlen, "%s: clients[%zu]: a name of "
			    "a-z0-9_ and at most %d clients", path, i,
			    TOKEN_CLIENTS_MAX);
			goto out;
		}
		if ((v = json_string_value(json_object_get(c, "appId"))) !=
		    NULL)
			settings_set(&cd->app_id, v);
		if ((v = json_string_value(json_object_get(c,
		    "objectId"))) != NULL)
			settings_set(&cd->object_id, v);
		if ((v = json_string_value(json_object_get(c, "secret"))) !=
		    NULL) {
			xfree_secret(cd->secret);
			cd->secret = xstrdup(v);
		}
	}
	rc = 0;
out:
	json_decref(root);
	return (rc);
}

int
settings_parse(struct settings *s, const char *path, const char *text,
    size_t len, char *err, size_t errlen)
{
	const struct settings_key	*k;
	struct client_def		*cd;
	const char			*end, *nl, *dot;
	char				 line[SETTING_LEN_MAX + 2], *key, *val;
	char				 name[64], *eq, *e;
	size_t				 n;
	int				 lineno;

	end = text + len;
	for (lineno = 1; text < end; lineno++, text = nl == NULL ? end :
	    nl + 1) {
		nl = memchr(text, '\n', (size_t)(end - text));
		n = nl == NULL ? (size_t)(end - text) : (size_t)(nl - text);
		if (n > SETTING_LEN_MAX) {
			snprintf(err, errlen, "%s:%d: line over %d bytes",
			    path, lineno, SETTING_LEN_MAX);
			return (-1);
		}
		memcpy(line, text, n);
		line[n] = '\0';
		for (key = line; isspace((unsigned char)*key); key++)
			;
		if (*key == '\0' || *key == '#')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			snprintf(err, errlen, "%s:%d: expected key = value",
			    path, lineno);
			return (-1);
		}
		*eq = '\0';
		val = eq + 1;
		for (e = eq; e > key && isspace((unsigned char)e[-1]); e--)
			e[-1] = '\0';
		while (isspace((unsigned char)*val))
			val++;
		for (e = val + strlen(val); e > val &&
		    isspace((unsigned char)e[-1]); e--)
			e[-1] = '\0';
		if (strcasestr(key, "secret") != NULL) {
			snprintf(err, errlen, "%s:%d: secrets are read from "
			    "the environment only (SCENARIO_CLIENT_SECRET_"
			    "<NAME>), never from a file", path, lineno);
			return (-1);
		}
		for (k = settings_keys; k->key != NULL; k++) {
			if (strcmp(k->key, key) == 0)
				break;
		}
		if (k->key != NULL) {
			settings_set((char **)((char *)s + k->off), val);
			continue;
		}
		/* client.NAME.id / client.NAME.oid */
		if (strncmp(key, "client.", 7) == 0 &&
		    (dot = strrchr(key, '.')) != key + 6 &&
		    (size_t)(dot - key - 7) < sizeof(name) &&
		    (strcmp(dot, ".id") == 0 || strcmp(dot, ".oid") == 0)) {
			memcpy(name, key + 7, (size_t)(dot - key - 7));
			name[dot - key - 7] = '\0';
			if ((cd = settings_client(s, name, 1)) == NULL) {
				snprintf(err, errlen, "%s:%d: client name "
				    "'%s': a-z0-9_, at most %d clients", path,
				    lineno, name, TOKEN_CLIENTS_MAX);
				return (-1);
			}
			settings_set(strcmp(dot, ".id") == 0 ? &cd->app_id :
			    &cd->object_id, val);
			continue;
		}
		snprintf(err, errlen, "%s:%d: unknown setting '%s'", path,
		    lineno, key);
		return (-1);
	}
	return (0);
}

int
settings_file(struct settings *s, const char *path, char *err,
    size_t errlen)
{
	char	*text;
	ssize_t	 r;
	size_t	 off;
	int	 fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	text = xmalloc(CONFIG_FILE_MAX + 1);
	for (off = 0; off <= CONFIG_FILE_MAX; off += (size_t)r) {
		if ((r = read(fd, text + off, CONFIG_FILE_MAX + 1 - off)) <= 0)
			break;
	}
	close(fd);
	if (off > CONFIG_FILE_MAX) {
		snprintf(err, errlen, "%s: over %d bytes", path,
		    CONFIG_FILE_MAX);
		free(text);
		return (-1);
	}
	rc = settings_parse(s, path, text, off, err, errlen);
	free(text);
	return (rc);
}

int
settings_env(struct settings *s, settings_getenv_fn env, char *err,
    size_t errlen)
{
	const struct settings_key	*k;
	const char			*v;

	for (k = settings_keys; k->key != NULL; k++) {
		if ((v = env(k->env)) == NULL || *v == '\0')
			continue;
		if (strlen(v) > SETTING_LEN_MAX) {
			snprintf(err, errlen, "%s is over %d bytes", k->env,
			    SETTING_LEN_MAX);
			return (-1);
		}
		settings_set((char **)((char *)s + k->off), v);
	}
	return (0);
}

void
settings_defaults(struct settings *s)
{
	struct buf	b;
	size_t		n;

	if (s->authority == NULL)
		settings_set(&s->authority,
		    "https://login.microsoftonline.com");
	n = strlen(s->authority);
	while (n > 0 && s->authority[n - 1] == '/')
		s->authority[--n] = '\0';
	if (s->mcp_path == NULL)
		settings_set(&s->mcp_path, "/mcp/mcp");
	if (s->valid_client == NULL)
		settings_set(&s->valid_client, "agent");
	if (s->api_uri == NULL && s->client_id != NULL) {
		buf_init(&b);
		buf_appendf(&b, "api://%s", s->client_id);
		s->api_uri = buf_release(&b);
	}
}

/*
 * A client's secret, SCENARIO_CLIENT_SECRET_<NAME> first, else the local
 * directory's. The caller frees it with xfree_secret.
 */
char *
settings_secret(struct settings *s, const char *name, settings_getenv_fn env)
{
	struct client_def	*cd;
	const char		*v;
	char			 var[96];
	size_t			 i, n;

	n = (size_t)snprintf(var, sizeof(var), "SCENARIO_CLIENT_SECRET_");
	for (i = 0; name[i] != '\0' && n + 1 < sizeof(var); i++)
		var[n++] = (char)toupper((unsigned char)name[i]);
	var[n] = '\0';
	if ((v = env(var)) != NULL && *v != '\0')
		return (xstrdup(v));
	if ((cd = settings_client(s, name, 0)) != NULL && cd->secret != NULL)
		return (xstrdup(cd->secret));
	return (NULL);
}
