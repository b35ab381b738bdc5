/*
 * The only place with SQL. Every query is parameterized, asynchronous
 * (Kore's pgsql layer) and builds its JSON inside PostgreSQL, so the site
 * and the MCP tools get the very same objects from one round trip.
 */

#ifndef __H_DB_H
#define __H_DB_H

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <jansson.h>

#define DB_NAME			"db"
#define DB_PARAMS_MAX		4
#define DB_CONN_MAX		4	/* connections per worker */
#define DB_QUEUE_MAX		1000	/* requests waiting for one */
/*
 * Longest a statement may run, lock waits included, before PostgreSQL
 * cancels it: a locked table or a stuck database then gives a tool error
 * or an error page instead of a request that hangs (MCP clients such as
 * Foundry's gateway give up after 60 s).
 */
#define DB_STATEMENT_TIMEOUT	"10s"

enum db_op {
	DB_PING,		/* SELECT 1 */
	DB_RESTAURANTS,		/* -> [restaurant, ...] */
	DB_RESTAURANT,		/* id -> {restaurant, reviews} */
	DB_RESTAURANT_ADD,	/* name, address, description -> restaurant */
	DB_REVIEW_ADD,		/* id, user, rating, text -> review */
	DB_OP_MAX
};

/* db_call_run() */
#define DB_RUN_RETRY		1	/* sleeping; call again when woken */
#define DB_RUN_DONE		2	/* see status */

/* db_call.status */
#define DB_OK			0
#define DB_NOTFOUND		1	/* no such restaurant */
#define DB_UNAVAILABLE		2	/* cannot reach the database */
#define DB_FAILED		3	/* the query failed */

struct db_call {
	struct kore_pgsql	 sql;
	enum db_op		 op;
	int			 state;
	int			 tries;
	int			 nparams;
	char			*params[DB_PARAMS_MAX];
	json_t			*result;
	int			 status;
};

void		 db_call_init(struct db_call *, enum db_op);
void		 db_call_param(struct db_call *, const char *);
void		 db_call_param_long(struct db_call *, long);
int		 db_call_run(struct db_call *, struct http_request *);
json_t		*db_call_take(struct db_call *);
void		 db_call_cleanup(struct db_call *);
const char	*db_status_text(int);

#endif
