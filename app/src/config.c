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
 * The environment, read once in the parent before the workers fork.
 *
 * Database, in the order App Service and its Service Connector set them:
 *   AZURE_POSTGRESQL_CONNECTIONSTRING	libpq "key=value ..." string
 *   DATABASE_URL			postgresql:// URI or key=value string
 *   PGHOST, PGPORT, PGDATABASE, ...	libpq's own variables
 * Start-up: DB_SCHEMA=apply|skip (default apply), DB_SEED=1 to load the
 * seed rows into an empty database.
 * Listener: BIND (default 127.0.0.1), PORT, else WEBSITES_PORT, else 8000.
 * Public URL (used in auth challenges and metadata, never the Host header):
 *   PUBLIC_URL, else https://$WEBSITE_HOSTNAME, else http://127.0.0.1:PORT.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "config.h"

static int	config_port(const char *, char *, size_t);
static int	config_append(char *, size_t, size_t *, const char *,
		    const char *);
static void	config_summary(PQconninfoOption *, char *, size_t);
static const char *config_opt(PQconninfoOption *, const char *);

int
config_load(struct config *cfg, config_getenv_fn env, char *err,
    size_t errlen)
{
	const char	*v, *port;
	char		*end;
	long		n;
	char		url[CONFIG_URL_MAX], dberr[128];

	memset(cfg, 0, sizeof(*cfg));

	v = env("BIND");
	if (v == NULL || *v == '\0')
		v = "127.0.0.1";
	if (strlen(v) >= sizeof(cfg->bind)) {
		snprintf(err, errlen, "BIND is too long");
		return (-1);
	}
	snprintf(cfg->bind, sizeof(cfg->bind), "%s", v);

	if ((port = env("PORT")) == NULL || *port == '\0')
		port = env("WEBSITES_PORT");
	if (port == NULL || *port == '\0')
		port = "8000";
	if (config_port(port, cfg->port, sizeof(cfg->port)) == -1) {
		snprintf(err, errlen,
		    "PORT must be a number from 1 to 65535, got '%.16s'", port);
		return (-1);
	}

	if ((v = env("WORKERS")) != NULL && *v != '\0') {
		n = strtol(v, &end, 10);
		if (*end != '\0' || n < 1 || n > CONFIG_WORKERS_MAX) {
			snprintf(err, errlen,
			    "WORKERS must be a number from 1 to %d",
			    CONFIG_WORKERS_MAX);
			return (-1);
		}
		cfg->workers = (int)n;
	}

	if ((v = env("PUBLIC_URL")) != NULL && *v != '\0') {
		if (config_public_url(v, cfg->public_url,
		    sizeof(cfg->public_url)) == -1) {
			snprintf(err, errlen, "PUBLIC_URL must look like "
			    "https://host[:port] with no path");
			return (-1);
		}
	} else if ((v = env("WEBSITE_HOSTNAME")) != NULL && *v != '\0') {
		snprintf(url, sizeof(url), "https://%s", v);
		if (config_public_url(url, cfg->public_url,
		    sizeof(cfg->public_url)) == -1) {
			snprintf(err, errlen, "WEBSITE_HOSTNAME is not a "
			    "valid host name");
			return (-1);
		}
	} else {
		snprintf(cfg->public_url, sizeof(cfg->public_url),
		    "http://127.0.0.1:%s", cfg->port);
	}

	cfg->db_schema = 1;
	if ((v = env("DB_SCHEMA")) != NULL && *v != '\0') {
		if (strcmp(v, "skip") == 0)
			cfg->db_schema = 0;
		else if (strcmp(v, "apply") != 0) {
			snprintf(err, errlen, "DB_SCHEMA must be apply or skip");
			return (-1);
		}
	}
	if ((v = env("DB_SEED")) != NULL && *v != '\0') {
		if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
			cfg->db_seed = 1;
		else if (strcmp(v, "0") != 0 && strcmp(v, "false") != 0) {
			snprintf(err, errlen, "DB_SEED must be 1 or 0");
			return (-1);
		}
	}

	if ((v = env("AZURE_POSTGRESQL_CONNECTIONSTRING")) != NULL &&
	    *v != '\0') {
		cfg->db_source = "AZURE_POSTGRESQL_CONNECTIONSTRING";
	} else if ((v = env("DATABASE_URL")) != NULL && *v != '\0') {
		cfg->db_source = "DATABASE_URL";
	} else {
		/* An empty string lets libpq read PGHOST, PGPORT, ... */
		v = "";
		cfg->db_source = "PG* variables";
		if (env("PGHOST") == NULL && env("PGDATABASE") == NULL &&
		    env("PGSERVICE") == NULL) {
			snprintf(cfg->db_problem, sizeof(cfg->db_problem),
			    "no database configured: set "
			    "AZURE_POSTGRESQL_CONNECTIONSTRING, DATABASE_URL "
			    "or PGHOST/PGDATABASE");
		}
	}

	if (config_db_conninfo(v, cfg->db_conninfo, sizeof(cfg->db_conninfo),
	    cfg->db_summary, sizeof(cfg->db_summary), dberr,
	    sizeof(dberr)) == -1 && cfg->db_problem[0] == '\0') {
		snprintf(cfg->db_problem, sizeof(cfg->db_problem), "%s is %s",
		    cfg->db_source, dberr);
	}

	return (0);
}

/*
 * Parse a libpq connection string (key=value pairs, with libpq's quoting
 * rules, or a postgresql:// URI) and write it back as a normalized
 * key='value' string with a connect timeout, so that a dead database
 * fails fast instead of holding a worker. The summary names host, port,
 * database and user only: the string may carry a password.
 */
int
config_db_conninfo(const char *in, char *out, size_t outlen, char *summary,
    size_t sumlen, char *err, size_t errlen)
{
	PQconninfoOption	*opts, *o;
	char			*pqerr;
	size_t			 off;
	int			 ret;

	ret = -1;
	off = 0;
	pqerr = NULL;
	out[0] = '\0';
	if (summary != NULL && sumlen > 0)
		summary[0] = '\0';

	if ((opts = PQconninfoParse(in, &pqerr)) == NULL) {
		/* libpq's message may quote the string: keep it out. */
		if (err != NULL)
			snprintf(err, errlen, "not a valid libpq connection "
			    "string (want key=value pairs or a postgresql:// "
			    "URI)");
		goto out;
	}

	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || o->val[0] == '\0')
			continue;
		if (config_append(out, outlen, &off, o->keyword, o->val) == -1)
			goto toolong;
	}

	if (config_opt(opts, "connect_timeout") == NULL &&
	    config_append(out, outlen, &off, "connect_timeout",
	    CONFIG_DB_CONNECT_TIMEOUT) == -1)
		goto toolong;
	if (config_opt(opts, "application_name") == NULL &&
	    config_append(out, outlen, &off, "application_name",
	    "reviews-mcp") == -1)
		goto toolong;

	if (summary != NULL && sumlen > 0)
		config_summary(opts, summary, sumlen);

	ret = 0;
	goto out;

toolong:
	if (err != NULL)
		snprintf(err, errlen, "longer than %zu bytes", outlen - 1);
	explicit_bzero(out, outlen);

out:
	if (opts != NULL) {
		for (o = opts; o->keyword != NULL; o++) {
			if (o->val != NULL)
				explicit_bzero(o->val, strlen(o->val));
		}
		PQconninfoFree(opts);
	}
	if (pqerr != NULL)
		PQfreemem(pqerr);

	return (ret);
}

/*
 * Accept http(s)://host[:port] with an optional trailing slash, nothing
 * after it; lower-case scheme and host as RFC 3986 canonical form wants.
 */
int
config_public_url(const char *in, char *out, size_t outlen)
{
	const char	*host;
	size_t		 len, i;

	if (strncasecmp(in, "https://", 8) == 0)
		host = in + 8;
	else if (strncasecmp(in, "http://", 7) == 0)
		host = in + 7;
	else
		return (-1);

	len = strlen(host);
	if (len > 0 && host[len - 1] == '/')
		len--;
	if (len == 0)
		return (-1);

	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)host[i]) && host[i] != '.' &&
		    host[i] != '-' && host[i] != ':' && host[i] != '[' &&
		    host[i] != ']')
			return (-1);
	}

	if ((size_t)(host - in) + len >= outlen)
		return (-1);

	for (i = 0; i < (size_t)(host - in) + len; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = '\0';

	return (0);
}

static int
config_port(const char *in, char *out, size_t outlen)
{
	char	*end;
	long	 n;

	if (*in == '\0' || !isdigit((unsigned char)*in))
		return (-1);
	n = strtol(in, &end, 10);
	if (*end != '\0' || n < 1 || n > 65535)
		return (-1);
	snprintf(out, outlen, "%ld", n);
	return (0);
}

static int
config_append(char *out, size_t outlen, size_t *off, const char *key,
    const char *val)
{
	const char	*p;

	if (*off > 0) {
		if (*off + 1 >= outlen)
			return (-1);
		out[(*off)++] = ' ';
	}

	for (p = key; *p != '\0'; p++) {
		if (*off + 1 >= outlen)
			return (-1);
		out[(*off)++] = *p;
	}
	if (*off + 2 >= outlen)
		return (-1);
	out[(*off)++] = '=';
	out[(*off)++] = '\'';

	for (p = val; *p != '\0'; p++) {
		if (*p == '\'' || *p == '\\') {
			if (*off + 1 >= outlen)
				return (-1);
			out[(*off)++] = '\\';
		}
		if (*off + 1 >= outlen)
			return (-1);
		out[(*off)++] = *p;
	}
	if (*off + 1 >= outlen)
		return (-1);
	out[(*off)++] = '\'';
	out[*off] = '\0';

	return (0);
}

static const char *
config_opt(PQconninfoOption *opts, const char *key)
{
	PQconninfoOption	*o;

	for (o = opts; o->keyword != NULL; o++) {
		if (strcmp(o->keyword, key) == 0)
			return (o->val != NULL && o->val[0] != '\0' ?
			    o->val : NULL);
	}

	return (NULL);
}

static void
config_summary(PQconninfoOption *opts, char *out, size_t len)
{
	const char	*host, *port, *db, *user;

	if ((host = config_opt(opts, "host")) == NULL &&
	    (host = config_opt(opts, "hostaddr")) == NULL &&
	    (host = getenv("PGHOST")) == NULL)
		host = "(libpq default)";
	if ((port = config_opt(opts, "port")) == NULL &&
	    (port = getenv("PGPORT")) == NULL)
		port = "5432";
	if ((db = config_opt(opts, "dbname")) == NULL &&
	    (db = getenv("PGDATABASE")) == NULL)
		db = "(default)";
	if ((user = config_opt(opts, "user")) == NULL &&
	    (user = getenv("PGUSER")) == NULL)
		user = "(default)";

	snprintf(out, len, "host=%s port=%s dbname=%s user=%s",
	    host, port, db, user);
}
