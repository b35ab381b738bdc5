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
 * Open addressing over TOKCACHE_SLOTS slots, TOKCACHE_PROBE slots per
 * token starting at the digest's first bytes. A full probe window evicts
 * the entry that expires first. Only verified tokens are ever stored, so
 * an attacker cannot fill the cache with junk.
 */

#include <sys/types.h>

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "tokcache.h"

static size_t	tokcache_index(const u_int8_t *);
static int	tokcache_live(const struct tokcache_entry *, time_t,
		    u_int32_t);
static void	tokcache_drop(struct tokcache_entry *);

int
tokcache_digest(const char *tok, size_t len, u_int8_t *digest)
{
	unsigned int	n;

	if (EVP_Digest(tok, len, digest, &n, EVP_sha256(), NULL) != 1 ||
	    n != TOKCACHE_DIGEST_LEN)
		return (-1);
	return (0);
}

/* A new reference to the cached principal, or NULL. */
struct principal *
tokcache_get(struct tokcache *c, const u_int8_t *digest, time_t now,
    u_int32_t gen)
{
	struct tokcache_entry	*e;
	size_t			 i, idx;

	idx = tokcache_index(digest);
	for (i = 0; i < TOKCACHE_PROBE; i++) {
		e = &c->slots[(idx + i) & (TOKCACHE_SLOTS - 1)];
		if (e->who == NULL ||
		    CRYPTO_memcmp(e->digest, digest, TOKCACHE_DIGEST_LEN) != 0)
			continue;
		if (!tokcache_live(e, now, gen)) {
			tokcache_drop(e);
			break;
		}
		c->hits++;
		return (principal_ref(e->who));
	}

	c->misses++;
	return (NULL);
}

/* Keep a reference to who until its exp, or until the keys change. */
void
tokcache_put(struct tokcache *c, const u_int8_t *digest,
    struct principal *who, time_t now, u_int32_t gen)
{
	struct tokcache_entry	*e, *victim;
	size_t			 i, idx;

	if (who->exp < now)
		return;

	victim = NULL;
	idx = tokcache_index(digest);
	for (i = 0; i < TOKCACHE_PROBE; i++) {
		e = &c->slots[(idx + i) & (TOKCACHE_SLOTS - 1)];
		if (e->who == NULL || !tokcache_live(e, now, gen) ||
		    CRYPTO_memcmp(e->digest, digest,
		    TOKCACHE_DIGEST_LEN) == 0) {
			victim = e;
			break;
		}
		if (victim == NULL || e->exp < victim->exp)
			victim = e;
	}

	tokcache_drop(victim);
	memcpy(victim->digest, digest, TOKCACHE_DIGEST_LEN);
	victim->exp = who->exp;
	victim->gen = gen;
	victim->who = principal_ref(who);
}

void
tokcache_clear(struct tokcache *c)
{
	size_t	i;

	for (i = 0; i < TOKCACHE_SLOTS; i++)
		tokcache_drop(&c->slots[i]);
}

int
tokcache_count(const struct tokcache *c)
{
	size_t	i;
	int	n;

	n = 0;
	for (i = 0; i < TOKCACHE_SLOTS; i++) {
		if (c->slots[i].who != NULL)
			n++;
	}
	return (n);
}

static size_t
tokcache_index(const u_int8_t *digest)
{
	return (((size_t)digest[0] << 8 | digest[1]) & (TOKCACHE_SLOTS - 1));
}

/* Valid up to exp itself, never after; only under the same key set. */
static int
tokcache_live(const struct tokcache_entry *e, time_t now, u_int32_t gen)
{
	return (e->who != NULL && now <= e->exp && e->gen == gen);
}

static void
tokcache_drop(struct tokcache_entry *e)
{
	if (e->who != NULL)
		principal_release(e->who);
	memset(e, 0, sizeof(*e));
}
