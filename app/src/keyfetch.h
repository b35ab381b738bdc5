/*
 * The tenant's signing keys, found the way Entra ID publishes them: the
 * OpenID metadata of {authority}/{tenant} (v1) and {authority}/{tenant}
 * /v2.0 (v2) names each version's issuer and jwks_uri; the gate accepts
 * both issuers and the union of both key sets. Run in the parent only
 * (blocking libcurl, outside the workers' sandbox).
 */

#ifndef __H_KEYFETCH_H
#define __H_KEYFETCH_H

#include <stddef.h>

#include <jansson.h>

#include "authcfg.h"
#include "jwks.h"

#define KEYFETCH_DOC_MAX	JWKS_DOC_MAX	/* bytes of any response */
#define KEYFETCH_CONNECT_SECS	3
#define KEYFETCH_TOTAL_SECS	5		/* per request */
#define KEYFETCH_ERR_MAX	320

/* keyfetch_run() results besides 0. */
#define KEYFETCH_FAILED		-1	/* network, HTTP, JSON */
#define KEYFETCH_MISMATCH	-2	/* contradicts the configuration */

struct keyfetch {
	char	 issuer_v1[AUTHCFG_URL_MAX];
	char	 issuer_v2[AUTHCFG_URL_MAX];
	json_t	*sets;		/* [v1 key set, v2 key set] */
	int	 nkeys;			/* usable keys in the union */
};

int	keyfetch_init(void);
int	keyfetch_run(const struct authcfg *, struct keyfetch *, char *,
	    size_t);
void	keyfetch_clear(struct keyfetch *);
int	keyfetch_metadata(const struct authcfg *, int, const char *,
	    const char *, size_t, char *, char *, char *, size_t);
int	keyfetch_load(const json_t *, struct jwks *, char *, size_t);

#endif
