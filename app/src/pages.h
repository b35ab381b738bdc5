/*
 * The restaurant-reviews site: the page handlers named in reviews.conf,
 * and the response helpers assets.c shares with them.
 */

#ifndef __H_PAGES_H
#define __H_PAGES_H

#include <kore/kore.h>
#include <kore/http.h>

/* Retry-After of a 503 while the database cannot be reached, seconds. */
#define PAGE_RETRY_AFTER	"10"
#define PAGE_MESSAGE_MAX	256
#define PAGE_LOCATION_MAX	64

/* page_methods(): the one set of methods a page takes. */
#define PAGE_GET		0x01	/* and HEAD */
#define PAGE_POST		0x02

int	page_index(struct http_request *);
int	page_create(struct http_request *);
int	page_add(struct http_request *);
int	page_details(struct http_request *);
int	page_review(struct http_request *);
int	page_notfound(struct http_request *);

void	page_security_headers(struct http_request *);
void	page_problem(struct http_request *, int, const char *, const char *,
	    const char *, const char *);
int	page_methods(struct http_request *, int);

#endif
