/*
 * Process configuration read from the environment, the way App Service
 * provides it. Kore-free so it can be unit tested.
 */

#ifndef __H_CONFIG_H
#define __H_CONFIG_H

#include <stddef.h>

#define CONFIG_BIND_MAX		64
#define CONFIG_PORT_MAX		8
#define CONFIG_URL_MAX		256
#define CONFIG_CONNINFO_MAX	2048
#define CONFIG_SUMMARY_MAX	256
#define CONFIG_WORKERS_MAX	64
#define CONFIG_ERR_MAX		256

/* What libpq waits for a new connection before giving up, in seconds. */
#define CONFIG_DB_CONNECT_TIMEOUT	"5"

struct config {
	char	bind[CONFIG_BIND_MAX];
	char	port[CONFIG_PORT_MAX];
	int	workers;			/* 0: one per CPU */

	/* libpq key='value' string; may hold a password: never log it. */
	char	db_conninfo[CONFIG_CONNINFO_MAX];
	const char *db_source;			/* variable it came from */
	char	db_summary[CONFIG_SUMMARY_MAX];	/* loggable, no secrets */
	char	db_problem[CONFIG_ERR_MAX];	/* set when unusable */
	int	db_schema;			/* apply sql/schema.sql */
	int	db_seed;			/* load sql/seed.sql if empty */

	char	public_url[CONFIG_URL_MAX];	/* scheme://host[:port] */
};

typedef const char *(*config_getenv_fn)(const char *);

int	config_load(struct config *, config_getenv_fn, char *, size_t);
int	config_db_conninfo(const char *, char *, size_t, char *, size_t,
	    char *, size_t);
int	config_public_url(const char *, char *, size_t);

#endif
