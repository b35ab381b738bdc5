/*
 * Per-request context, kept in req->hdlr_extra from the first time the
 * gate or a handler touches the request until Kore frees it. Holds the
 * caller's principal, the request's database call, a handler's own state,
 * and writes the one log line per request when the request is freed.
 */

#ifndef __H_CTX_H
#define __H_CTX_H

#include <kore/kore.h>
#include <kore/http.h>

#include "db.h"
#include "principal.h"

#define CTX_NOTE_MAX		160
#define CTX_LOG_PATH_MAX	200

struct ctx {
	u_int64_t		 start;		/* monotonic microseconds */
	struct principal	*who;		/* NULL: anonymous, auth off */
	struct db_call		 db;
	int			 db_used;
	void			*priv;		/* a handler's own state */
	void			(*priv_free)(void *);
	char			 note[CTX_NOTE_MAX];
	int			 freed;

	/* The auth gate, while a request waits for refreshed keys. */
	int			 auth_wait;
	u_int64_t		 auth_epoch;
	u_int64_t		 auth_deadline;
};

struct ctx	*ctx_get(struct http_request *);
void		 ctx_note(struct http_request *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
struct db_call	*ctx_db(struct http_request *, enum db_op);
u_int64_t	 ctx_now_us(void);

#endif
