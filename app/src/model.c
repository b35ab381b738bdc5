/*
 * Copyright (c) 2026 The reviews-mcp authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

/*
 * Input rules for restaurants and reviews. PostgreSQL's varchar(n) counts
 * characters, not bytes, so lengths are counted in UTF-8 code points and
 * invalid UTF-8 is refused here rather than by the database.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/*
 * Length in code points of a NUL-terminated UTF-8 string, or (size_t)-1
 * when it is not well-formed UTF-8 (overlong forms, surrogates and code
 * points above U+10FFFF included).
 */
size_t
model_utf8_len(const char *s)
{
	const unsigned char	*p;
	unsigned int		 cp, min;
	size_t			 n;
	int			 more, i;

	n = 0;
	for (p = (const unsigned char *)s; *p != '\0'; n++) {
		if (*p < 0x80) {
			p++;
			continue;
		} else if ((*p & 0xe0) == 0xc0) {
			cp = *p & 0x1f;
			more = 1;
			min = 0x80;
		} else if ((*p & 0xf0) == 0xe0) {
			cp = *p & 0x0f;
			more = 2;
			min = 0x800;
		} else if ((*p & 0xf8) == 0xf0) {
			cp = *p & 0x07;
			more = 3;
			min = 0x10000;
		} else {
			return ((size_t)-1);
		}
		p++;
		for (i = 0; i < more; i++, p++) {
			if ((*p & 0xc0) != 0x80)
				return ((size_t)-1);
			cp = (cp << 6) | (*p & 0x3f);
		}
		if (cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return ((size_t)-1);
	}

	return (n);
}

/*
 * A required text field: present, not blank, valid UTF-8, no control
 * characters other than tab and line breaks, at most max characters.
 */
int
model_check_text(const char *field, const char *val, size_t max, char *err,
    size_t errlen)
{
	const unsigned char	*p;
	size_t			 len;
	int			 blank;

	if (val == NULL) {
		snprintf(err, errlen, "%s is required", field);
		return (-1);
	}

	blank = 1;
	for (p = (const unsigned char *)val; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		    *p == 0x7f) {
			snprintf(err, errlen,
			    "%s must not contain control characters", field);
			return (-1);
		}
		if (!isspace(*p))
			blank = 0;
	}
	if (blank) {
		snprintf(err, errlen, "%s is required", field);
		return (-1);
	}

	if ((len = model_utf8_len(val)) == (size_t)-1) {
		snprintf(err, errlen, "%s is not valid UTF-8 text", field);
		return (-1);
	}
	if (len > max) {
		snprintf(err, errlen,
		    "%s must be at most %zu characters (got %zu)",
		    field, max, len);
		return (-1);
	}

	return (0);
}

/* A positive decimal id, digits only, as it appears in a URL path. */
int
model_parse_id(const char *s, long *out)
{
	long	n;
	size_t	i;

	if (s == NULL || *s == '\0' || strlen(s) > 10)
		return (-1);
	for (i = 0; s[i] != '\0'; i++) {
		if (!isdigit((unsigned char)s[i]))
			return (-1);
	}
	n = strtol(s, NULL, 10);
	if (n < 1 || n > MODEL_ID_MAX)
		return (-1);
	*out = n;

	return (0);
}

int
model_check_rating(long rating, char *err, size_t errlen)
{
	if (rating < MODEL_RATING_MIN || rating > MODEL_RATING_MAX) {
		snprintf(err, errlen, "rating must be an integer from %d to %d",
		    MODEL_RATING_MIN, MODEL_RATING_MAX);
		return (-1);
	}

	return (0);
}

/* A rating as a form sends it: one digit, "1" to "5". */
int
model_parse_rating(const char *s, int *out, char *err, size_t errlen)
{
	long	n;

	n = -1;
	if (s != NULL && isdigit((unsigned char)s[0]) && s[1] == '\0')
		n = s[0] - '0';
	if (model_check_rating(n, err, errlen) == -1)
		return (-1);
	*out = (int)n;

	return (0);
}

int
model_check_restaurant(const struct model_restaurant *r, char *err,
    size_t errlen)
{
	if (model_check_text("restaurant_name", r->name, MODEL_NAME_MAX,
	    err, errlen) == -1 ||
	    model_check_text("street_address", r->street_address,
	    MODEL_ADDRESS_MAX, err, errlen) == -1 ||
	    model_check_text("description", r->description,
	    MODEL_DESCRIPTION_MAX, err, errlen) == -1)
		return (-1);

	return (0);
}

/* A restaurant id as a client sends it (a form field, a tool argument). */
int
model_check_id(long id, char *err, size_t errlen)
{
	if (id < 1 || id > MODEL_ID_MAX) {
		snprintf(err, errlen, "restaurant_id must be a positive "
		    "integer");
		return (-1);
	}

	return (0);
}

int
model_check_review(const struct model_review *r, char *err, size_t errlen)
{
	if (model_check_id(r->restaurant, err, errlen) == -1)
		return (-1);
	if (model_check_text("user_name", r->user_name, MODEL_USER_MAX,
	    err, errlen) == -1 ||
	    model_check_rating(r->rating, err, errlen) == -1 ||
	    model_check_text("review_text", r->review_text, MODEL_TEXT_MAX,
	    err, errlen) == -1)
		return (-1);

	return (0);
}
