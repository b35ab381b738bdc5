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
 * The sample created its tables at start-up (SQLModel's create_all); so
 * does this app, from the same sql/schema.sql that make applies locally,
 * compiled into the module. Everything in it is IF NOT EXISTS, so it is
 * a no-op on a database that has the tables, including one the FastAPI
 * sample made. Seed rows go in only when asked (DB_SEED=1) and only into
 * an empty restaurant table, so they never mix with real data.
 * Runs in the parent, once, before the workers fork.
 */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "embed.h"
#include "schema.h"

EMBED_FILE(schema_sql, "sql/schema.sql");
EMBED_FILE(schema_seed_sql, "sql/seed.sql");

static void	schema_notice(void *, const char *);
static int	schema_exec(PGconn *, const u_int8_t *, const u_int8_t *,
		    const char *, char *, size_t);
static int	schema_query(PGconn *, const char *, char *, size_t,
		    char *, size_t);

/*
 * Apply the schema, then the seed when seed is set and the restaurant
 * table is empty. msg says what happened (or what failed) in one line.
 */
int
schema_apply(PGconn *conn, int seed, char *msg, size_t len)
{
	char	val[8], unlock[8];
	int	ret;

	ret = -1;
	/* "relation ... already exists, skipping" is the normal case. */
	(void)PQsetNoticeProcessor(conn, schema_notice, NULL);
	if (schema_query(conn, "SELECT pg_advisory_lock(" SCHEMA_LOCK_KEY ")",
	    val, sizeof(val), msg, len) == -1)
		return (-1);

	if (schema_exec(conn, schema_sql, schema_sql_end, "sql/schema.sql",
	    msg, len) == -1)
		goto out;

	if (!seed) {
		snprintf(msg, len, "schema applied");
		ret = 0;
		goto out;
	}

	if (schema_query(conn, "SELECT EXISTS (SELECT 1 FROM restaurant)",
	    val, sizeof(val), msg, len) == -1)
		goto out;
	if (strcmp(val, "t") == 0) {
		snprintf(msg, len, "schema applied; seed skipped: the "
		    "restaurant table already has rows");
		ret = 0;
		goto out;
	}
	if (schema_exec(conn, schema_seed_sql, schema_seed_sql_end,
	    "sql/seed.sql", msg, len) == -1)
		goto out;
	snprintf(msg, len, "schema applied; seed data loaded");
	ret = 0;

out:
	(void)schema_query(conn, "SELECT pg_advisory_unlock(" SCHEMA_LOCK_KEY
	    ")", unlock, sizeof(unlock), NULL, 0);
	return (ret);
}

static void
schema_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Run an embedded SQL file (several statements) in one PQexec. */
static int
schema_exec(PGconn *conn, const u_int8_t *start, const u_int8_t *end,
    const char *name, char *msg, size_t len)
{
	PGresult	*res;
	char		*sql;
	size_t		 n;
	int		 ret;

	n = (size_t)(end - start);
	if ((sql = malloc(n + 1)) == NULL) {
		snprintf(msg, len, "%s: out of memory", name);
		return (-1);
	}
	memcpy(sql, start, n);
	sql[n] = '\0';

	ret = 0;
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK) {
		snprintf(msg, len, "%s: %.*s", name,
		    (int)strcspn(PQerrorMessage(conn), "\n"),
		    PQerrorMessage(conn));
		ret = -1;
	}
	PQclear(res);
	free(sql);

	return (ret);
}

/* A query with a one-value result, copied into val. */
static int
schema_query(PGconn *conn, const char *q, char *val, size_t vlen, char *msg,
    size_t len)
{
	PGresult	*res;
	int		 ret;

	ret = -1;
	res = PQexec(conn, q);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		snprintf(val, vlen, "%s", PQgetvalue(res, 0, 0));
		ret = 0;
	} else if (msg != NULL) {
		snprintf(msg, len, "%.*s",
		    (int)strcspn(PQerrorMessage(conn), "\n"),
		    PQerrorMessage(conn));
	}
	PQclear(res);

	return (ret);
}
