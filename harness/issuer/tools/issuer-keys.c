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
 * issuer-keys: key rollover for the local Entra ID stand-in.
 *
 *	issuer-keys list DIR	the keys, oldest first; the newest signs
 *	issuer-keys add DIR	a new key, which signs from now on; the old
 *				ones stay published (as in Entra's rollover)
 *	issuer-keys retire DIR	remove the oldest key from the JWKS
 *
 * A running stand-in notices within a second (docs/issuer.md). Uses the
 * same code as the stand-in itself (keyring.c), so what this tool writes
 * is what the stand-in accepts.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keyring.h"

static int	keys_list(const char *);
static void	keys_usage(void);

int
main(int argc, char *argv[])
{
	char		kid[KEYRING_KID_MAX], err[ISSUER_ERR_MAX];

	if (argc != 3)
		keys_usage();

	if (strcmp(argv[1], "list") == 0)
		return (keys_list(argv[2]));

	if (strcmp(argv[1], "add") == 0) {
		if (keyring_add(argv[2], kid, sizeof(kid), err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "issuer-keys: %s (the stand-in creates "
			    "its first key when it starts)\n", err);
			return (1);
		}
		printf("added %s: it signs new tokens; the older keys stay "
		    "published until retired\n", kid);
		return (0);
	}

	if (strcmp(argv[1], "retire") == 0) {
		if (keyring_retire(argv[2], kid, sizeof(kid), err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "issuer-keys: %s\n", err);
			return (1);
		}
		printf("retired %s: it is no longer published\n", kid);
		return (0);
	}

	keys_usage();
	return (2);
}

static int
keys_list(const char *dir)
{
	struct keyring	 kr;
	struct tm	 tm;
	unsigned	 seqs[ISSUER_KEYS_MAX];
	size_t		 n, len, i;
	char		*blob, err[ISSUER_ERR_MAX], when[32];
	int		 ret;

	ret = 1;
	if ((blob = malloc(ISSUER_KEYBLOB_MAX)) == NULL)
		return (1);
	if (keyring_scan(dir, seqs, ISSUER_KEYS_MAX, &n, err,
	    sizeof(err)) == -1 ||
	    keyring_read(dir, blob, ISSUER_KEYBLOB_MAX, &len, err,
	    sizeof(err)) == -1 ||
	    keyring_parse(&kr, blob, len, err, sizeof(err)) == -1) {
		fprintf(stderr, "issuer-keys: %s\n", err);
		goto out;
	}
	for (i = 0; i < kr.n && i < n; i++) {
		if (gmtime_r(&kr.keys[i].not_before, &tm) == NULL ||
		    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%SZ",
		    &tm) == 0)
			(void)snprintf(when, sizeof(when), "?");
		printf("key-%04u.pem  kid %s  since %s  %s\n", seqs[i],
		    kr.keys[i].kid, when,
		    i + 1 == kr.n ? "signing, published" : "published");
	}
	keyring_free(&kr);
	ret = 0;
out:
	explicit_bzero(blob, ISSUER_KEYBLOB_MAX);
	free(blob);
	return (ret);
}

static void
keys_usage(void)
{
	fprintf(stderr, "usage: issuer-keys list|add|retire DIR\n");
	exit(2);
}
