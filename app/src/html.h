/*
 * The site's HTML: every page is rendered here, into a kore_buf, from the
 * JSON objects db.c returns. Nothing else writes HTML, so escaping has
 * exactly one place to be right. Kore-light (kore_buf only) so the pages
 * themselves are unit tested.
 */

#ifndef __H_HTML_H
#define __H_HTML_H

#include <kore/kore.h>

#include <jansson.h>

#define HTML_NUMBER_MAX		32	/* "4.333" */
#define HTML_RATING_MAX		64	/* "4.333 (2147483647 reviews)" */
#define HTML_DATE_MAX		24	/* "2026-03-02 19:12" */
#define HTML_VERSION_MAX	32	/* ?v= of asset links */
#define HTML_STARS_FULL		100	/* stars_percent of five stars */

void	html_escape(struct kore_buf *, const char *);
int	html_rating_number(char *, size_t, double);
int	html_rating_line(char *, size_t, double, long long);
int	html_stars_width(long long);
int	html_date(char *, size_t, const char *);

void	html_asset_version(const char *);
void	html_index(struct kore_buf *, const json_t *);
void	html_create(struct kore_buf *);
void	html_details(struct kore_buf *, const json_t *);
void	html_problem(struct kore_buf *, int, const char *, const char *,
	    const char *, const char *);

#endif
