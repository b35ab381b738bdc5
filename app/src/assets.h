/*
 * The site's static files (stylesheet, logo, favicons), compiled into the
 * module and served from memory: the sandboxed workers never open a file,
 * a deployment needs no asset folder, and nothing comes from a CDN.
 */

#ifndef __H_ASSETS_H
#define __H_ASSETS_H

#include <kore/kore.h>
#include <kore/http.h>

#define ASSETS_FILE_MAX		(256 * 1024)
#define ASSETS_ETAG_HEX		16	/* hex digits of an ETag */
#define ASSETS_ETAG_MAX		(ASSETS_ETAG_HEX + 3)
#define ASSETS_VERSION_LEN	12	/* hex digits of ?v= */

/* Links carry ?v=<version of all assets>: cache those for good. */
#define ASSETS_CACHE_VERSIONED	"public, max-age=31536000, immutable"
#define ASSETS_CACHE_PLAIN	"public, max-age=3600"

void	assets_load(void);
int	assets_serve(struct http_request *);

#endif
