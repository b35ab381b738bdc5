/*
 * sql/schema.sql (and sql/seed.sql on request), applied by the app at
 * start-up, so a fresh database (Azure's included) needs no manual step.
 */

#ifndef __H_SCHEMA_H
#define __H_SCHEMA_H

#include <stddef.h>

#include <libpq-fe.h>

/* pg_advisory_lock key: instances starting together apply it in turn. */
#define SCHEMA_LOCK_KEY		"7310211"

int	schema_apply(PGconn *, int, char *, size_t);

#endif
