/*
 * Per-worker cache of verified tokens, keyed by the SHA-256 of the token
 * (the token itself is never kept). Bounded, an entry never outlives the
 * token's exp, and a new key set (generation) invalidates every entry.
 */

#ifndef __H_TOKCACHE_H
#define __H_TOKCACHE_H

#include <sys/types.h>

#include <stddef.h>
#include <time.h>

#include "principal.h"

#define TOKCACHE_SLOTS		512	/* power of two */
#define TOKCACHE_PROBE		8	/* slots looked at per token */
#define TOKCACHE_DIGEST_LEN	32

struct tokcache_entry {
	u_int8_t		 digest[TOKCACHE_DIGEST_LEN];
	time_t			 exp;
	u_int32_t		 gen;
	struct principal	*who;
};

struct tokcache {
	struct tokcache_entry	slots[TOKCACHE_SLOTS];
	u_int64_t		hits;
	u_int64_t		misses;
};

int			 tokcache_digest(const char *, size_t, u_int8_t *);
struct principal	*tokcache_get(struct tokcache *, const u_int8_t *,
			    time_t, u_int32_t);
void			 tokcache_put(struct tokcache *, const u_int8_t *,
			    struct principal *, time_t, u_int32_t);
void			 tokcache_clear(struct tokcache *);
int			 tokcache_count(const struct tokcache *);

#endif
