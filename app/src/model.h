/*
 * The sample's data model and its rules, shared by the site's forms and
 * the MCP tools so both reject the same input with the same words.
 * Limits are the column sizes of sql/schema.sql, in characters.
 */

#ifndef __H_MODEL_H
#define __H_MODEL_H

#include <stddef.h>

#define MODEL_NAME_MAX		50	/* restaurant.name */
#define MODEL_ADDRESS_MAX	50	/* restaurant.street_address */
#define MODEL_DESCRIPTION_MAX	250	/* restaurant.description */
#define MODEL_USER_MAX		50	/* review.user_name */
#define MODEL_TEXT_MAX		500	/* review.review_text */
#define MODEL_RATING_MIN	1
#define MODEL_RATING_MAX	5
#define MODEL_ID_MAX		2147483647L	/* serial, int4 */
#define MODEL_ERR_MAX		192

struct model_restaurant {
	const char	*name;
	const char	*street_address;
	const char	*description;
};

struct model_review {
	long		 restaurant;
	const char	*user_name;
	int		 rating;
	const char	*review_text;
};

size_t	model_utf8_len(const char *);
int	model_check_text(const char *, const char *, size_t, char *, size_t);
int	model_parse_id(const char *, long *);
int	model_parse_rating(const char *, int *, char *, size_t);
int	model_check_id(long, char *, size_t);
int	model_check_rating(long, char *, size_t);
int	model_check_restaurant(const struct model_restaurant *, char *,
	    size_t);
int	model_check_review(const struct model_review *, char *, size_t);

#endif
