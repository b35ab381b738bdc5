/*
 * Signing keys. Each key is one file in the key folder, key-NNNN.pem:
 * an RSA 2048 private key (PKCS#8) and a self-signed certificate for it,
 * the way Entra publishes certificates (x5c) next to the key (n, e).
 * The newest file signs; every file is published in the JWKS. Adding a
 * file and later removing the oldest is a key rollover.
 */

#ifndef __H_KEYRING_H
#define __H_KEYRING_H

#include <stddef.h>
#include <time.h>

#include <openssl/evp.h>

#include "issuer.h"

#define KEYRING_BITS		2048
#define KEYRING_KID_MAX		32	/* base64url of SHA-1: 27 chars */
#define KEYRING_CERT_DAYS	(5 * 365)
#define KEYRING_CN		"reviews-mcp local Entra ID stand-in"
#define KEYRING_SEQ_MAX		9999
#define KEYRING_NAME_MAX	16	/* "key-NNNN.pem" */

struct keyring_key {
	char		 kid[KEYRING_KID_MAX];	/* = x5t, as Entra does */
	char		*n;			/* base64url, no leading 0 */
	char		 e[16];			/* base64url */
	char		*x5c;			/* base64 of the DER */
	time_t		 not_before;
	EVP_PKEY	*pkey;			/* private: signs */
};

struct keyring {
	size_t			n;
	struct keyring_key	keys[ISSUER_KEYS_MAX];	/* oldest first */
};

int	keyring_parse(struct keyring *, const char *, size_t, char *,
	    size_t);
void	keyring_free(struct keyring *);
const struct keyring_key	*keyring_signer(const struct keyring *);
char	*keyring_jwks(const struct keyring *, const char *);

int	keyring_scan(const char *, unsigned *, size_t, size_t *, char *,
	    size_t);
int	keyring_read(const char *, char *, size_t, size_t *, char *, size_t);
int	keyring_ensure(const char *, char *, size_t);
int	keyring_add(const char *, char *, size_t, char *, size_t);
int	keyring_retire(const char *, char *, size_t, char *, size_t);

#endif
