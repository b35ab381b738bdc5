/*
 * The local Entra ID stand-in: every limit in one place, the error
 * formatter of the Kore-free modules (fail.c), and what the Kore glue
 * (issuer.c) offers the handlers (serve.c). Kore-free so the other
 * modules and the unit tests can include it.
 */

#ifndef __H_ISSUER_H
#define __H_ISSUER_H

#include <stddef.h>

/* A token request is a short form; anything bigger is not a client. */
#define ISSUER_BODY_MAX		8192

/* Published signing keys (Entra publishes a handful at a time). */
#define ISSUER_KEYS_MAX		8

/* One key file: a 2048-bit PKCS#8 PEM (~1.7 KB) plus its certificate. */
#define ISSUER_KEYFILE_MAX	8192
#define ISSUER_KEYBLOB_MAX	(ISSUER_KEYS_MAX * ISSUER_KEYFILE_MAX)

#define ISSUER_URL_MAX		256
#define ISSUER_PATH_MAX		512
#define ISSUER_ERR_MAX		256

/* How often a worker asks the parent to look at the key folder. */
#define ISSUER_KEYS_POLL_MS	500

/* The directory file (fixtures/directory.json) is a few KB. */
#define ISSUER_DIRFILE_MAX	65536

struct directory;
struct keyring;

int			 issuer_fail(char *, size_t, const char *, ...)
			    __attribute__((format(printf, 3, 4)));

void			 issuer_keys_adopt(void);
const struct directory	*issuer_directory(void);
const struct keyring	*issuer_keyring(void);
const char		*issuer_self(void);
const char		*issuer_metadata(int);
const char		*issuer_jwks(int);

#endif
