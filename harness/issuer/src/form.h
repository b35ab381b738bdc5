/*
 * application/x-www-form-urlencoded request bodies (the token request,
 * RFC 6749 section 4.4.2 with appendix B) and HTTP Basic client
 * authentication (RFC 6749 section 2.3.1, RFC 7617).
 */

#ifndef __H_FORM_H
#define __H_FORM_H

#include <stddef.h>

#include "issuer.h"

#define FORM_FIELDS_MAX		16
#define FORM_CRED_MAX		256	/* client_id or secret via Basic */

enum form_status {
	FORM_OK,
	FORM_MALFORMED,		/* bad percent escape, NUL, empty name */
	FORM_DUPLICATE,		/* a parameter given twice */
	FORM_TOO_BIG		/* too many fields or bytes */
};

struct form_field {
	const char	*name;
	const char	*value;
};

/*
 * Holds client secrets once parsed: form_clear() wipes it. Decoded
 * fields never outgrow the body by more than one byte each, plus one.
 */
struct form {
	size_t			n;
	struct form_field	fields[FORM_FIELDS_MAX];
	char			buf[ISSUER_BODY_MAX + FORM_FIELDS_MAX + 2];
};

enum basic_status {
	BASIC_NONE,		/* no Authorization header, or not Basic */
	BASIC_OK,
	BASIC_MALFORMED
};

enum form_status	form_parse(struct form *, const char *, size_t);
const char		*form_get(const struct form *, const char *);
void			 form_clear(struct form *);
int			 form_is_urlencoded(const char *);
enum basic_status	 form_basic(const char *, char *, size_t, char *,
			    size_t);

#endif
