/*
 * The HTTP side of MCP's Streamable HTTP transport that needs no Kore:
 * configuration, Accept and Content-Type rules, Origin and Host checks,
 * and framing of answers as JSON or as a Server-Sent Events stream.
 * Kore-free so it can be unit tested; mcp.c applies it to requests.
 */

#ifndef __H_TRANSPORT_H
#define __H_TRANSPORT_H

#include <stddef.h>

#include "config.h"

/*
 * Largest request body the endpoint reads. Kore refuses anything over
 * http_body_max (1 MiB, app/conf/reviews.conf) before the handler runs;
 * a legitimate MCP message here is a few KB (the longest tool argument
 * is 500 characters), so this is far below that and far above need.
 */
#define TRANSPORT_BODY_MAX	(64 * 1024)
/* Longest header value read (Accept joined over repeats, Origin, ...). */
#define TRANSPORT_HEADER_MAX	1024
#define TRANSPORT_ACCEPT_ITEMS	32
#define TRANSPORT_ORIGINS_MAX	16
#define TRANSPORT_ORIGIN_MAX	256
#define TRANSPORT_ERR_MAX	256

struct transport_config {
	int	sse;			/* MCP_RESPONSE_MODE=sse */
	int	loopback;		/* loopback origins allowed */
	int	check_host;		/* listening on loopback only */
	char	public_origin[TRANSPORT_ORIGIN_MAX];
	char	public_host[TRANSPORT_ORIGIN_MAX];
	int	norigins;
	char	origins[TRANSPORT_ORIGINS_MAX][TRANSPORT_ORIGIN_MAX];
};

int	 transport_config_load(struct transport_config *, config_getenv_fn,
	    const char *, const char *, char *, size_t);
int	 transport_accept(const char *, int *);
int	 transport_content_type(const char *);
int	 transport_origin(const char *, char *, size_t);
int	 transport_origin_allowed(const struct transport_config *,
	    const char *);
int	 transport_host_allowed(const struct transport_config *,
	    const char *);
char	*transport_frame(char *const *, int, int, int, size_t *);

#endif
