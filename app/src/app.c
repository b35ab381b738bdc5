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
 * Start-up. Kore parses app/conf/reviews.conf, loads this module and calls
 * kore_parent_configure() once in the parent, before it forks the workers:
 * everything read from the environment or from disk is read here, so the
 * sandboxed workers inherit it and never need to open a file.
 */

#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kore/kore.h>
#include <kore/hooks.h>
#include <kore/pgsql.h>
#include <kore/seccomp.h>

#include <libpq-fe.h>

#include "app.h"
#include "assets.h"
#include "config.h"
#include "db.h"
#include "gate.h"
#include "mcp.h"
#include "schema.h"

/*
 * Syscalls Debian 12's glibc, libpq and libcurl make beyond Kore's own
 * worker filter (found with seccomp_tracing; see docs/architecture.md).
 */
KORE_SECCOMP_FILTER("app",
	KORE_SYSCALL_ALLOW(newfstatat),
	KORE_SYSCALL_ALLOW(getdents64),
	KORE_SYSCALL_ALLOW(uname),
	KORE_SYSCALL_ALLOW(getpeername),
	KORE_SYSCALL_ALLOW(sendmmsg),
	KORE_SYSCALL_ALLOW(rseq),
	KORE_SYSCALL_DENY(clone3, ENOSYS),
)

void	kore_parent_configure(int, char **);
void	kore_worker_configure(void);

static struct config	app_cfg;

static const char	*app_getenv(const char *);
static void		 app_listen(void);
static void		 app_database(void);
static void		 app_wake(void *, u_int64_t);

/*
 * How often a worker's event loop wakes with nothing to do. Kore 4.1
 * checks connection timeouts (http_header_timeout, http_body_timeout,
 * keep-alive) only when its loop runs, and an idle worker sleeps until
 * its next timer: without one, a connection that never finishes its
 * headers is never timed out, and 1024 of them per worker stop the
 * worker accepting for good (slowloris).
 */
#define APP_WAKE_MS		1000

const struct config *
app_config(void)
{
	return (&app_cfg);
}

void
kore_parent_configure(int argc, char **argv)
{
	const char	*policy;
	char		 err[CONFIG_ERR_MAX];

	(void)argc;
	(void)argv;

	/* Containers and CI pipe stdout: one line at a time, in order. */
	(void)fflush(stdout);
	(void)setvbuf(stdout, NULL, _IOLBF, 0);

	if (config_load(&app_cfg, app_getenv, err, sizeof(err)) == -1)
		fatal("configuration: %s", err);

	if (app_cfg.workers > 0)
		worker_count = (u_int8_t)app_cfg.workers;

	if ((policy = getenv("WORKER_DEATH_POLICY")) != NULL) {
		if (strcmp(policy, "terminate") == 0)
			worker_policy = KORE_WORKER_POLICY_TERMINATE;
		else if (strcmp(policy, "restart") == 0)
			worker_policy = KORE_WORKER_POLICY_RESTART;
		else
			fatal("configuration: WORKER_DEATH_POLICY must be "
			    "restart or terminate");
	}

	app_listen();
	app_database();
	assets_load();
	mcp_init();
	gate_parent_init();

	kore_log(LOG_NOTICE, "public url %s", app_cfg.public_url);
}

void
kore_worker_configure(void)
{
	(void)kore_timer_add(app_wake, APP_WAKE_MS, NULL, 0);
	gate_worker_init();
}

/* Nothing to do: waking is the point (APP_WAKE_MS). */
static void
app_wake(void *arg, u_int64_t now)
{
}

static const char *
app_getenv(const char *name)
{
	return (getenv(name));
}

/* The listener comes from BIND/PORT, as App Service sets PORT. */
static void
app_listen(void)
{
	struct kore_server	*srv;

	if ((srv = kore_server_lookup("notls")) == NULL)
		fatal("reviews.conf must declare server notls");
	if (!kore_server_bind(srv, app_cfg.bind, app_cfg.port, NULL))
		fatal("cannot listen on %s:%s", app_cfg.bind, app_cfg.port);
	kore_server_finalize(srv);
}

/*
 * Register the pool and try one connection, so that a missing or
 * unreachable database is said once, clearly, at start-up. The server
 * runs anyway: /healthz answers 503 and pages say the database is
 * unavailable until it comes back, instead of a restart loop.
 */
static void
app_database(void)
{
	PGconn		*conn;
	const char	*msg;
	char		 line[CONFIG_ERR_MAX];
	size_t		 n;

	pgsql_conn_max = DB_CONN_MAX;
	pgsql_queue_limit = DB_QUEUE_MAX;

	if (app_cfg.db_problem[0] != '\0') {
		kore_log(LOG_ERR, "database: %s; /healthz answers 503 until "
		    "this is fixed", app_cfg.db_problem);
	}

	if (!kore_pgsql_register(DB_NAME, app_cfg.db_conninfo))
		fatal("database: cannot register the pool");

	if (app_cfg.db_problem[0] != '\0')
		goto out;

	conn = PQconnectdb(app_cfg.db_conninfo);
	if (conn != NULL && PQstatus(conn) == CONNECTION_OK) {
		kore_log(LOG_NOTICE, "database: connected (%s, from %s)",
		    app_cfg.db_summary, app_cfg.db_source);
		if (app_cfg.db_schema) {
			if (schema_apply(conn, app_cfg.db_seed, line,
			    sizeof(line)) == 0)
				kore_log(LOG_NOTICE, "database: %s", line);
			else
				kore_log(LOG_ERR, "database: could not apply "
				    "the schema: %s", line);
		}
	} else {
		msg = conn != NULL ? PQerrorMessage(conn) : "out of memory";
		n = strcspn(msg, "\n");
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, msg, n);
		line[n] = '\0';
		kore_log(LOG_ERR, "database: cannot connect (%s, from %s): %s; "
		    "serving anyway, /healthz answers 503 until it is "
		    "reachable", app_cfg.db_summary, app_cfg.db_source, line);
	}
	PQfinish(conn);

out:
	/* Kore keeps its own copy of the string. */
	explicit_bzero(app_cfg.db_conninfo, sizeof(app_cfg.db_conninfo));
}
