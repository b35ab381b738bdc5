/*
 * The token endpoints' decision: a client credentials request (RFC 6749
 * section 4.4) in, either a token to issue or Entra's error out. No I/O,
 * no clock, no randomness: the caller builds and signs the token.
 */

#ifndef __H_GRANT_H
#define __H_GRANT_H

#include <stddef.h>

#include "directory.h"
#include "entra.h"

#define GRANT_SCOPE_SUFFIX	"/.default"

/* What arrived at /oauth2/token (1) or /oauth2/v2.0/token (2). */
struct grant_request {
	int		 endpoint;
	const char	*content_type;
	const char	*authorization;
	const char	*body;
	size_t		 body_len;
};

struct grant_result {
	int			 ok;
	struct entra_error	 err;		/* when !ok */
	const struct dir_client	*client;	/* when ok */
	char			 resource[DIR_URI_MAX];
	int			 version;	/* of the token to issue */
	int			 basic;		/* HTTP Basic was used */
	char			 client_note[DIR_NAME_MAX];
};

void	grant_evaluate(const struct directory *, const struct grant_request *,
	    struct grant_result *);
int	grant_secret_equal(const char *, const char *);
char	*grant_success_json(int, const char *, const char *, time_t,
	    unsigned, time_t);

#endif
