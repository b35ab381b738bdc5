/*
 * App-only access tokens shaped like Entra ID's (client credentials),
 * v1.0 and v2.0: see ../shared/notes/easyauth-and-entra.md section 1 and
 * the access token claims reference, https://learn.microsoft.com/entra/
 * identity-platform/access-token-claims-reference
 */

#ifndef __H_TOKEN_H
#define __H_TOKEN_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "directory.h"
#include "keyring.h"

/* "Between 60 and 90 minutes" for app-only tokens [doc: AT]. */
#define TOKEN_LIFETIME_MIN	3600
#define TOKEN_LIFETIME_MAX	5400
/* Entra backdates iat and nbf by five minutes [obs: sample tokens]. */
#define TOKEN_BACKDATE		300
#define TOKEN_OPAQUE_MAX	96
#define TOKEN_MAX		4096

struct token_spec {
	const struct directory	*dir;
	const struct dir_client	*client;
	const char		*aud_v1;	/* the resource as requested */
	int			 version;	/* 1 or 2 */
	time_t			 now;
	unsigned		 lifetime;	/* seconds after now */
	char			 uti[TOKEN_OPAQUE_MAX];
	char			 rh[TOKEN_OPAQUE_MAX];
	char			 aio[TOKEN_OPAQUE_MAX];
};

int	 token_randomize(struct token_spec *);
json_t	*token_header(const struct token_spec *, const struct keyring_key *);
json_t	*token_claims(const struct token_spec *);
char	*token_sign(json_t *, json_t *, EVP_PKEY *);
char	*token_issue(struct token_spec *, const struct keyring_key *);
void	 token_issuer(int, const char *, char *, size_t);

#endif
