/*
 * A JSON Web Key Set (RFC 7517) turned into a table of RSA public keys,
 * ready for RS256 verification: the EVP_PKEY of each key is built once,
 * when the set is loaded, never per request.
 */

#ifndef __H_JWKS_H
#define __H_JWKS_H

#include <stddef.h>

#include <jansson.h>
#include <openssl/evp.h>

#define JWKS_DOC_MAX		(64 * 1024)	/* one key set */
#define JWKS_KEYS_MAX		32		/* keys kept, all sets */
#define JWKS_KID_MAX		128		/* kid and x5t, bytes */
#define JWKS_RSA_BITS_MIN	2048
#define JWKS_RSA_BITS_MAX	8192
#define JWKS_ERR_MAX		192

struct jwks_key {
	char		 kid[JWKS_KID_MAX];
	char		 x5t[JWKS_KID_MAX];	/* "" when absent */
	EVP_PKEY	*pkey;
	int		 bits;
};

struct jwks {
	int		 nkeys;
	int		 skipped;		/* not RSA/sig/RS256 */
	struct jwks_key	 keys[JWKS_KEYS_MAX];
};

void			 jwks_init(struct jwks *);
void			 jwks_clear(struct jwks *);
int			 jwks_add(struct jwks *, const json_t *, char *,
			    size_t);
int			 jwks_add_text(struct jwks *, const char *, size_t,
			    char *, size_t);
const struct jwks_key	*jwks_find(const struct jwks *, const char *,
			    const char *);

#endif
