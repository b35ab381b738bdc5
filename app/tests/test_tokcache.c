/*
 * tokcache.c: the verified-token cache (issue 4 "Keys and speed"):
 * keyed by a hash of the token, bounded, never past exp, invalidated
 * by a new key set.
 */

#include <criterion/criterion.h>

#include <string.h>

#include "tokcache.h"

static struct tokcache	cache;

static struct principal *
who(time_t exp)
{
	struct principal	*p;

	p = principal_new();
	p->exp = exp;
	return (p);
}

static void
digest(const char *tok, u_int8_t *d)
{
	cr_assert_eq(tokcache_digest(tok, strlen(tok), d), 0);
}

static void
fini(void)
{
	tokcache_clear(&cache);
}

TestSuite(tokcache, .fini = fini);

Test(tokcache, hit_holds_a_reference)
{
	struct principal	*p, *got;
	u_int8_t		 d[TOKCACHE_DIGEST_LEN];

	digest("token-a", d);
	p = who(1000);
	tokcache_put(&cache, d, p, 100, 1);
	cr_assert_eq(p->refs, 2, "the cache holds one");
	got = tokcache_get(&cache, d, 100, 1);
	cr_assert_eq(got, p);
	cr_assert_eq(p->refs, 3, "and the request one");
	principal_release(got);
	principal_release(p);
	cr_assert_eq(cache.hits, 1);
}

Test(tokcache, other_token_misses)
{
	struct principal	*p;
	u_int8_t		 a[TOKCACHE_DIGEST_LEN], b[TOKCACHE_DIGEST_LEN];

	digest("token-a", a);
	digest("token-b", b);
	p = who(1000);
	tokcache_put(&cache, a, p, 100, 1);
	principal_release(p);
	cr_assert_null(tokcache_get(&cache, b, 100, 1));
}

/* Never past exp: valid at exp, gone one second later. */
Test(tokcache, never_past_exp)
{
	struct principal	*p, *got;
	u_int8_t		 d[TOKCACHE_DIGEST_LEN];

	digest("token-a", d);
	p = who(1000);
	tokcache_put(&cache, d, p, 100, 1);
	got = tokcache_get(&cache, d, 1000, 1);
	cr_assert_not_null(got);
	principal_release(got);
	cr_assert_null(tokcache_get(&cache, d, 1001, 1));
	cr_assert_eq(p->refs, 1, "the expired entry let go of it");
	principal_release(p);

	p = who(50);
	tokcache_put(&cache, d, p, 100, 1);
	cr_assert_eq(tokcache_count(&cache), 0, "already expired: not kept");
	principal_release(p);
}

/* A new key set (key removed at rotation) invalidates every entry. */
Test(tokcache, new_key_generation)
{
	struct principal	*p;
	u_int8_t		 d[TOKCACHE_DIGEST_LEN];

	digest("token-a", d);
	p = who(1000);
	tokcache_put(&cache, d, p, 100, 1);
	principal_release(p);
	cr_assert_null(tokcache_get(&cache, d, 100, 2));
}

/* Bounded: many tokens never make it hold more than TOKCACHE_SLOTS. */
Test(tokcache, bounded)
{
	struct principal	*p;
	u_int8_t		 d[TOKCACHE_DIGEST_LEN];
	char			 tok[32];
	int			 i;

	for (i = 0; i < TOKCACHE_SLOTS * 4; i++) {
		snprintf(tok, sizeof(tok), "token-%d", i);
		digest(tok, d);
		p = who(1000 + i);
		tokcache_put(&cache, d, p, 100, 1);
		principal_release(p);
	}
	cr_assert_leq(tokcache_count(&cache), TOKCACHE_SLOTS);
	cr_assert_gt(tokcache_count(&cache), TOKCACHE_SLOTS / 2);

	/* The newest token is always found. */
	digest(tok, d);
	p = tokcache_get(&cache, d, 100, 1);
	cr_assert_not_null(p);
	principal_release(p);
}

/* Putting the same token twice keeps one entry. */
Test(tokcache, same_token_once)
{
	struct principal	*p;
	u_int8_t		 d[TOKCACHE_DIGEST_LEN];

	digest("token-a", d);
	p = who(1000);
	tokcache_put(&cache, d, p, 100, 1);
	tokcache_put(&cache, d, p, 100, 1);
	cr_assert_eq(tokcache_count(&cache), 1);
	cr_assert_eq(p->refs, 2);
	principal_release(p);
}
