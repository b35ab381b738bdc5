/*
 * What a browser sends the site: application/x-www-form-urlencoded bodies
 * and ids in paths. Kore-free so every rule is unit tested; the values it
 * returns are then checked against model.h.
 */

#ifndef __H_FORM_H
#define __H_FORM_H

#include <stddef.h>

/*
 * The largest legitimate form is a review: 50 + 500 characters of up to
 * 4 bytes each, every byte %-encoded (3 bytes), plus names: under 7 KB.
 */
#define FORM_BODY_MAX		16384	/* bytes on the wire */
#define FORM_FIELDS_MAX		16
#define FORM_NAME_MAX		32	/* bytes of a field name */
#define FORM_ERR_MAX		128

/* form_parse() */
#define FORM_OK			0
#define FORM_INVALID		1	/* 400, err says why */
#define FORM_TOO_LARGE		2	/* 413 */

struct form_field {
	const char	*name;
	const char	*value;
};

struct form {
	size_t			 nfields;
	struct form_field	 fields[FORM_FIELDS_MAX];
};

int		 form_parse(struct form *, char *, size_t, char *, size_t);
const char	*form_get(const struct form *, const char *);
int		 form_is_urlencoded(const char *);
int		 form_path_id(const char *, const char *, long *);

#endif
