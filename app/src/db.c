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
 * One database call per request, driven as a small state machine from a
 * handler's own state machine:
 *
 *	SETUP	get a pooled connection; if all are busy, Kore queues the
 *		request and wakes it when one frees up
 *	QUERY	send the parameterized query
 *	WAIT	sleep until PostgreSQL answers, read the single JSON value
 *
 * Averages are computed the way the sample's index did (avg over the
 * ratings that are set) on both pages, which fixes the sample's details
 * page dividing by every review including those without a rating.
 * stars_percent rounds half to even like Python's round().
 *
 * A call that fails because a pooled connection died (database restart)
 * is retried once on a fresh connection when that cannot write twice.
 *
 * Each connection gets statement_timeout (DB_STATEMENT_TIMEOUT) before its
 * first statement, so no call waits on PostgreSQL without end.
 *
 * Statements are prepared once per connection and then executed by name:
 * PostgreSQL takes longer to plan DB_RESTAURANT than to run it, and
 * planning on every call cost 2.5 to 4 times the throughput (pgbench,
 * docs/performance.md). Kore 4.1 has no prepared-statement API, so the
 * PREPARE is a blocking PQprepare, once per connection and operation (as
 * Kore's own connect blocks), and the execution is sent here and handed
 * to Kore's event loop exactly as kore_pgsql_query_param_fields() does.
 */

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <stdio.h>
#include <string.h>

#include "db.h"

#define DB_STATE_NEW		0
#define DB_STATE_SETUP		1
#define DB_STATE_QUERY		2
#define DB_STATE_WAIT		3
#define DB_STATE_DONE		4

/* Connections whose prepared statements are known (per worker). */
#define DB_PREPARED_MAX		(DB_CONN_MAX * 2)
/* db_prepared[].ops: the session settings are made on this connection. */
#define DB_SESSION_SET		(1U << 31)
#define DB_STMT_NAME_MAX	32

/* The restaurant object, with its rating statistics, as a row. */
#define DB_RESTAURANT_ROW						\
	"SELECT r.id, r.name, r.street_address, r.description, "	\
	"avg(v.rating)::float8 AS avg_rating, "				\
	"count(v.id) AS review_count, "					\
	"coalesce(round(avg(v.rating)::float8 / 5 * 100)::int, 0) "	\
	"AS stars_percent "						\
	"FROM restaurant r LEFT JOIN review v ON v.restaurant = r.id "

static const struct {
	const char	*name;
	const char	*sql;
	int		 nparams;
	int		 readonly;
	int		 rows_required;		/* 0 rows -> DB_NOTFOUND */
} db_ops[DB_OP_MAX] = {
	[DB_PING] = { "ping", "SELECT 1", 0, 1, 0 },

	[DB_RESTAURANTS] = { "restaurants",
	    "SELECT coalesce(json_agg(x ORDER BY x.id), '[]'::json) FROM ("
	    DB_RESTAURANT_ROW "GROUP BY r.id) x", 0, 1, 0 },

	[DB_RESTAURANT] = { "restaurant",
	    "SELECT json_build_object('restaurant', to_json(x), 'reviews', "
	    "coalesce((SELECT json_agg(v ORDER BY v.review_date, v.id) FROM "
	    "(SELECT id, restaurant, user_name, rating, review_text, "
	    "review_date FROM review WHERE restaurant = x.id) v), "
	    "'[]'::json)) FROM ("
	    DB_RESTAURANT_ROW "WHERE r.id = $1::int GROUP BY r.id) x",
	    1, 1, 1 },

	[DB_RESTAURANT_ADD] = { "restaurant_add",
	    "INSERT INTO restaurant (name, street_address, description) "
	    "VALUES ($1, $2, $3) RETURNING json_build_object('id', id, "
	    "'name', name, 'street_address', street_address, "
	    "'description', description, 'avg_rating', NULL, "
	    "'review_count', 0, 'stars_percent', 0)", 3, 0, 1 },

	[DB_REVIEW_ADD] = { "review_add",
	    "INSERT INTO review (restaurant, user_name, rating, review_text, "
	    "review_date) SELECT r.id, $2, $3::int, $4, "
	    "(now() AT TIME ZONE 'UTC') FROM restaurant r WHERE r.id = $1::int "
	    "RETURNING json_build_object('id', id, 'restaurant', restaurant, "
	    "'user_name', user_name, 'rating', rating, "
	    "'review_text', review_text, 'review_date', review_date)",
	    4, 0, 1 },
};

/* A backend pid changes when libpq reconnects: its statements are gone. */
static struct {
	PGconn		*conn;
	int		 pid;
	u_int32_t	 ops;		/* bit per prepared enum db_op */
} db_prepared[DB_PREPARED_MAX];
static int	db_prepared_next;

static int	db_call_read(struct db_call *);
static int	db_call_failed(struct db_call *, int, int);
static int	db_conn_alive(struct db_call *);
static int	db_send(struct db_call *, struct http_request *);
static int	db_result_ok(struct db_call *, PGresult *, int);
static int	db_prepared_slot(PGconn *);
static void	db_prepared_forget(PGconn *);
static void	db_log_error(struct db_call *);

void
db_call_init(struct db_call *call, enum db_op op)
{
	memset(call, 0, sizeof(*call));
	call->op = op;
	call->state = DB_STATE_NEW;
	call->status = DB_FAILED;
}

void
db_call_param(struct db_call *call, const char *value)
{
	if (call->nparams >= DB_PARAMS_MAX)
		fatal("db_call_param: too many parameters");
	call->params[call->nparams++] = kore_strdup(value);
}

void
db_call_param_long(struct db_call *call, long value)
{
	char	buf[24];

	(void)snprintf(buf, sizeof(buf), "%ld", value);
	db_call_param(call, buf);
}

int
db_call_run(struct db_call *call, struct http_request *req)
{
	if (call->nparams != db_ops[call->op].nparams)
		fatal("db_call_run: op %d wants %d parameters, got %d",
		    call->op, db_ops[call->op].nparams, call->nparams);

	for (;;) {
		switch (call->state) {
		case DB_STATE_NEW:
			kore_pgsql_init(&call->sql);
			kore_pgsql_bind_request(&call->sql, req);
			call->tries++;
			call->state = DB_STATE_SETUP;
			break;
		case DB_STATE_SETUP:
			if (kore_pgsql_setup(&call->sql, DB_NAME,
			    KORE_PGSQL_ASYNC)) {
				call->state = DB_STATE_QUERY;
				break;
			}
			/* Still INIT: queued for a free connection. */
			if (call->sql.state == KORE_PGSQL_STATE_INIT)
				return (DB_RUN_RETRY);
			if (db_call_failed(call, DB_UNAVAILABLE, 0))
				break;
			return (DB_RUN_DONE);
		case DB_STATE_QUERY:
			if (!db_conn_alive(call)) {
				if (db_call_failed(call, DB_UNAVAILABLE, 0))
					break;
				return (DB_RUN_DONE);
			}
			if (!db_send(call, req)) {
				if (db_call_failed(call, DB_UNAVAILABLE, 0))
					break;
				return (DB_RUN_DONE);
			}
			call->state = DB_STATE_WAIT;
			break;
		case DB_STATE_WAIT:
			switch (call->sql.state) {
			case KORE_PGSQL_STATE_WAIT:
				return (DB_RUN_RETRY);
			case KORE_PGSQL_STATE_COMPLETE:
				call->state = DB_STATE_DONE;
				if (call->result == NULL &&
				    db_ops[call->op].rows_required)
					call->status = DB_NOTFOUND;
				else
					call->status = DB_OK;
				return (DB_RUN_DONE);
			case KORE_PGSQL_STATE_ERROR:
				if (db_call_failed(call, DB_FAILED, 1))
					break;
				return (DB_RUN_DONE);
			case KORE_PGSQL_STATE_RESULT:
				if (db_call_read(call) == -1) {
					call->status = DB_FAILED;
					call->state = DB_STATE_DONE;
					return (DB_RUN_DONE);
				}
				kore_pgsql_continue(&call->sql);
				break;
			default:
				/* DONE, NOTIFY: let Kore move on. */
				kore_pgsql_continue(&call->sql);
				break;
			}
			break;
		case DB_STATE_DONE:
			return (DB_RUN_DONE);
		default:
			fatal("db_call_run: bad state %d", call->state);
		}
	}
}

/* Hand the result to the caller, who then owns the reference. */
json_t *
db_call_take(struct db_call *call)
{
	json_t	*result;

	result = call->result;
	call->result = NULL;

	return (result);
}

void
db_call_cleanup(struct db_call *call)
{
	int	i;

	kore_pgsql_cleanup(&call->sql);
	for (i = 0; i < call->nparams; i++) {
		kore_free(call->params[i]);
		call->params[i] = NULL;
	}
	call->nparams = 0;
	if (call->result != NULL) {
		json_decref(call->result);
		call->result = NULL;
	}
}

const char *
db_status_text(int status)
{
	switch (status) {
	case DB_OK:
		return ("ok");
	case DB_NOTFOUND:
		return ("not found");
	case DB_UNAVAILABLE:
		return ("database unavailable");
	default:
		return ("database error");
	}
}

/*
 * Send the call's statement by name, preparing it first on this
 * connection if it is new to it. 0 when it could not be sent.
 */
static int
db_send(struct db_call *call, struct http_request *req)
{
	PGconn		*conn;
	PGresult	*res;
	const char	*state;
	char		 name[DB_STMT_NAME_MAX];
	int		 lengths[DB_PARAMS_MAX], formats[DB_PARAMS_MAX];
	int		 i, slot, ok;

	conn = call->sql.conn->db;
	(void)snprintf(name, sizeof(name), "reviews_%s",
	    db_ops[call->op].name);

	slot = db_prepared_slot(conn);
	if (!(db_prepared[slot].ops & DB_SESSION_SET)) {
		res = PQexec(conn, "SET statement_timeout = '"
		    DB_STATEMENT_TIMEOUT "'");
		if (!db_result_ok(call, res,
		    PQresultStatus(res) == PGRES_COMMAND_OK))
			return (0);
		db_prepared[slot].ops |= DB_SESSION_SET;
	}
	if (!(db_prepared[slot].ops & (1U << call->op))) {
		res = PQprepare(conn, name, db_ops[call->op].sql,
		    db_ops[call->op].nparams, NULL);
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		/* 42P05: prepared before we lost track of it; fine. */
		ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
		    (state != NULL && strcmp(state, "42P05") == 0);
		if (!db_result_ok(call, res, ok))
			return (0);
		db_prepared[slot].ops |= 1U << call->op;
	}

	for (i = 0; i < call->nparams; i++) {
		lengths[i] = (int)strlen(call->params[i]);
		formats[i] = 0;
	}
	if (!PQsendQueryPrepared(conn, name, call->nparams,
	    (const char *const *)call->params, lengths, formats, 0))
		return (0);

	/* Hand the socket to Kore, as its pgsql_schedule() does. */
	kore_platform_schedule_read(PQsocket(conn), call->sql.conn);
	call->sql.state = KORE_PGSQL_STATE_WAIT;
	call->sql.flags |= KORE_PGSQL_SCHEDULED;
	http_request_sleep(req);

	return (1);
}

/* A blocking statement's result: ok, or its message kept for the log. */
static int
db_result_ok(struct db_call *call, PGresult *res, int ok)
{
	if (!ok) {
		kore_free(call->sql.error);
		call->sql.error = kore_strdup(PQresultErrorMessage(res));
	}
	PQclear(res);

	return (ok);
}

/* The table slot of a connection, reset when its backend changed. */
static int
db_prepared_slot(PGconn *conn)
{
	int	i, pid;

	pid = PQbackendPID(conn);
	for (i = 0; i < DB_PREPARED_MAX; i++) {
		if (db_prepared[i].conn == conn)
			break;
	}
	if (i == DB_PREPARED_MAX) {
		for (i = 0; i < DB_PREPARED_MAX; i++) {
			if (db_prepared[i].conn == NULL)
				break;
		}
	}
	if (i == DB_PREPARED_MAX) {
		i = db_prepared_next;
		db_prepared_next = (db_prepared_next + 1) % DB_PREPARED_MAX;
	}

	if (db_prepared[i].conn != conn || db_prepared[i].pid != pid) {
		db_prepared[i].conn = conn;
		db_prepared[i].pid = pid;
		db_prepared[i].ops = 0;
	}

	return (i);
}

/* After a failure, prepare again rather than trust the table. */
static void
db_prepared_forget(PGconn *conn)
{
	int	i;

	for (i = 0; i < DB_PREPARED_MAX; i++) {
		if (db_prepared[i].conn == conn)
			db_prepared[i].ops = 0;
	}
}

static int
db_call_read(struct db_call *call)
{
	json_error_t	 jerr;
	const char	*value;

	if (call->op == DB_PING || kore_pgsql_ntuples(&call->sql) == 0)
		return (0);

	value = kore_pgsql_getvalue(&call->sql, 0, 0);
	if (call->result != NULL)
		json_decref(call->result);
	if ((call->result = json_loads(value, JSON_DECODE_ANY, &jerr)) == NULL) {
		kore_log(LOG_ERR, "db: %s returned bad JSON: %s",
		    db_ops[call->op].name, jerr.text);
		return (-1);
	}

	return (0);
}

/*
 * A failed call. The connection broke when Kore already dropped it
 * (conn is NULL after a socket error) or libpq says so; then try once
 * more on a fresh connection if that cannot write twice: always when the
 * query never left (sent == 0), for reads also when it did. The error
 * text goes to the log only, since it can quote values.
 * Returns 1 to run the call again, 0 when it is done.
 */
static int
db_call_failed(struct db_call *call, int status, int sent)
{
	PGconn	*conn;
	int	 broken;

	conn = call->sql.conn != NULL ? call->sql.conn->db : NULL;
	broken = conn == NULL || PQstatus(conn) == CONNECTION_BAD;

	db_log_error(call);
	if (conn != NULL)
		db_prepared_forget(conn);

	if (broken) {
		if (conn != NULL)
			PQreset(conn);
		status = DB_UNAVAILABLE;
		if (call->tries < 2 && (!sent || db_ops[call->op].readonly)) {
			kore_pgsql_cleanup(&call->sql);
			call->state = DB_STATE_NEW;
			return (1);
		}
	}

	call->status = status;
	call->state = DB_STATE_DONE;

	return (0);
}

/*
 * A pooled connection whose server went away (a restart, a failover)
 * reads as EOF without a query; reconnect it before sending anything so
 * the first write after a restart does not fail.
 */
static int
db_conn_alive(struct db_call *call)
{
	PGconn	*conn;

	conn = call->sql.conn->db;
	if (PQconsumeInput(conn) && PQstatus(conn) == CONNECTION_OK)
		return (1);

	kore_log(LOG_NOTICE, "db: pooled connection lost, reconnecting");
	PQreset(conn);

	return (PQstatus(conn) == CONNECTION_OK);
}

/* libpq's messages span lines; the log wants one line per event. */
static void
db_log_error(struct db_call *call)
{
	char		 line[256];
	const char	*msg;
	size_t		 i;

	msg = call->sql.error;
	if (msg == NULL || *msg == '\0')
		msg = "connection lost";
	for (i = 0; msg[i] != '\0' && i < sizeof(line) - 1; i++)
		line[i] = (msg[i] == '\n' || msg[i] == '\t') ? ' ' : msg[i];
	while (i > 0 && line[i - 1] == ' ')
		i--;
	line[i] = '\0';

	kore_log(LOG_ERR, "db: %s failed: %s", db_ops[call->op].name, line);
}
