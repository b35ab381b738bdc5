/*
 * What makes the stand-in look like Entra ID on the wire: its URL layout,
 * its JSON error shape (error, error_description "AADSTSnnn: ...",
 * error_codes, timestamp, trace_id, correlation_id, error_uri) and its
 * OpenID Provider metadata documents.
 */

#ifndef __H_ENTRA_H
#define __H_ENTRA_H

#include <stddef.h>
#include <time.h>

#define ENTRA_GUID_LEN		36
#define ENTRA_TENANT_MAX	64	/* a tenant path segment */
#define ENTRA_DESC_MAX		512
#define ENTRA_TIME_MAX		24	/* "2026-01-31 12:00:00Z" */
#define ENTRA_LOG_MAX		160

enum entra_route {
	ROUTE_NONE,
	ROUTE_META_V1,		/* /{t}/.well-known/openid-configuration */
	ROUTE_META_V2,		/* /{t}/v2.0/.well-known/openid-configuration */
	ROUTE_KEYS_V1,		/* /{t}/discovery/keys */
	ROUTE_KEYS_V2,		/* /{t}/discovery/v2.0/keys */
	ROUTE_TOKEN_V1,		/* /{t}/oauth2/token */
	ROUTE_TOKEN_V2,		/* /{t}/oauth2/v2.0/token */
	ROUTE_AUTHORIZE_V1,	/* /{t}/oauth2/authorize */
	ROUTE_AUTHORIZE_V2	/* /{t}/oauth2/v2.0/authorize */
};

struct entra_error {
	int		 status;		/* HTTP status */
	const char	*error;			/* OAuth error code */
	unsigned	 code;			/* AADSTS number */
	char		 desc[ENTRA_DESC_MAX];	/* without the AADSTS prefix */
};

enum entra_route	 entra_route(const char *, char *, size_t);
int			 entra_route_version(enum entra_route);
void			 entra_error_set(struct entra_error *, int,
			    const char *, unsigned, const char *, ...)
			    __attribute__((format(printf, 5, 6)));
void			 entra_tenant_error(struct entra_error *, int,
			    const char *);
char			*entra_error_json(const struct entra_error *,
			    const char *, const char *, time_t);
int			 entra_guid(char *, size_t);
void			 entra_timestamp(time_t, char *, size_t);
void			 entra_log_safe(char *, size_t, const char *);
char			*entra_metadata(int, const char *, const char *);

#endif
