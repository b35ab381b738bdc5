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
 * application/x-www-form-urlencoded as browsers serialize it (WHATWG URL
 * standard, section 5), parsed strictly. The standard's parser is lenient
 * on purpose: it keeps a stray '%' as is and lets a later field of the
 * same name win. Here every ambiguity is an error the user is told about,
 * because two readers of the same body (a proxy, a log, this code) must
 * never disagree on what it says:
 *
 *	- raw bytes must be printable ASCII: browsers %-encode everything
 *	  else, so a raw control or 8-bit byte means another encoder;
 *	- '%' must start a two-digit hex escape, '+' is a space;
 *	- a decoded NUL byte is refused (C strings, and PostgreSQL's text
 *	  types, cannot hold it);
 *	- a field name appears at most once and looks like a name;
 *	- size and field count are bounded.
 *
 * The body is decoded in place: decoding never makes text longer.
 */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "form.h"
#include "model.h"

#define FORM_DECODE_OK		0
#define FORM_DECODE_BAD		-1	/* malformed %-escape */
#define FORM_DECODE_NUL		-2	/* %00 */

#define FORM_MEDIA_TYPE		"application/x-www-form-urlencoded"

static int	form_decode(char *);
static int	form_hex(int);
static int	form_name_ok(const char *);
static int	form_charset_ok(const char *);

/*
 * Parse len bytes at buf, which must have room for one more byte (the
 * terminating NUL). On FORM_OK, f points into buf.
 */
int
form_parse(struct form *f, char *buf, size_t len, char *err, size_t errlen)
{
	char		*seg, *end, *eq, *name, *value;
	size_t		 i;
	unsigned char	 c;
	int		 rc;

	memset(f, 0, sizeof(*f));

	if (len > FORM_BODY_MAX) {
		snprintf(err, errlen, "the form is larger than %d bytes",
		    FORM_BODY_MAX);
		return (FORM_TOO_LARGE);
	}

	for (i = 0; i < len; i++) {
		c = (unsigned char)buf[i];
		if (c == '\0') {
			snprintf(err, errlen, "the form contains a NUL byte");
			return (FORM_INVALID);
		}
		if (c < 0x20 || c > 0x7e) {
			snprintf(err, errlen, "the form is not URL-encoded "
			    "(byte 0x%02x must be %%-encoded)", c);
			return (FORM_INVALID);
		}
	}
	buf[len] = '\0';

	for (seg = buf; seg < buf + len; seg = end + 1) {
		if ((end = memchr(seg, '&', (size_t)(buf + len - seg))) == NULL)
			end = buf + len;
		/* "a=1&&b=2" and a trailing '&' carry no field. */
		if (end == seg)
			continue;
		*end = '\0';

		name = seg;
		if ((eq = strchr(seg, '=')) != NULL) {
			*eq = '\0';
			value = eq + 1;
		} else {
			value = end;
		}

		if (form_decode(name) != FORM_DECODE_OK ||
		    !form_name_ok(name)) {
			snprintf(err, errlen, "form field names must be 1 to "
			    "%d letters, digits, '_', '-' or '.'",
			    FORM_NAME_MAX);
			return (FORM_INVALID);
		}

		if ((rc = form_decode(value)) != FORM_DECODE_OK) {
			if (rc == FORM_DECODE_NUL)
				snprintf(err, errlen, "%s contains a NUL byte",
				    name);
			else
				snprintf(err, errlen, "%s has a malformed "
				    "%%-escape ('%%' must be followed by two "
				    "hex digits)", name);
			return (FORM_INVALID);
		}

		if (form_get(f, name) != NULL) {
			snprintf(err, errlen, "%s is given more than once",
			    name);
			return (FORM_INVALID);
		}
		if (f->nfields == FORM_FIELDS_MAX) {
			snprintf(err, errlen, "the form has more than %d "
			    "fields", FORM_FIELDS_MAX);
			return (FORM_INVALID);
		}
		f->fields[f->nfields].name = name;
		f->fields[f->nfields].value = value;
		f->nfields++;
	}

	return (FORM_OK);
}

/* The value of field name, or NULL when the form does not have it. */
const char *
form_get(const struct form *f, const char *name)
{
	size_t	i;

	for (i = 0; i < f->nfields; i++) {
		if (strcmp(f->fields[i].name, name) == 0)
			return (f->fields[i].value);
	}

	return (NULL);
}

/*
 * 1 when a Content-Type header names a form body: the media type in any
 * case, parameters allowed, but a charset other than UTF-8 is refused
 * since every text rule downstream is a UTF-8 rule.
 */
int
form_is_urlencoded(const char *ct)
{
	const char	*p;
	size_t		 n;

	n = sizeof(FORM_MEDIA_TYPE) - 1;
	if (ct == NULL || strncasecmp(ct, FORM_MEDIA_TYPE, n) != 0)
		return (0);

	for (p = ct + n; *p == ' ' || *p == '\t'; p++)
		;
	if (*p == '\0')
		return (1);
	if (*p != ';')
		return (0);

	return (form_charset_ok(p));
}

/*
 * The id in a path such as "/details/42" after prefix "/details/": the
 * rules of model_parse_id(), and no leading zero, so that each restaurant
 * has exactly one address.
 */
int
form_path_id(const char *path, const char *prefix, long *id)
{
	size_t	n;

	n = strlen(prefix);
	if (path == NULL || strncmp(path, prefix, n) != 0)
		return (-1);
	if (path[n] == '0')
		return (-1);

	return (model_parse_id(path + n, id));
}

/* Decode a NUL-terminated field in place: %XX escapes and '+'. */
static int
form_decode(char *s)
{
	char	*w;
	int	 hi, lo;

	for (w = s; *s != '\0'; s++) {
		if (*s == '+') {
			*w++ = ' ';
		} else if (*s == '%') {
			if ((hi = form_hex(s[1])) == -1 ||
			    (lo = form_hex(s[2])) == -1)
				return (FORM_DECODE_BAD);
			if (hi == 0 && lo == 0)
				return (FORM_DECODE_NUL);
			*w++ = (char)(hi << 4 | lo);
			s += 2;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';

	return (FORM_DECODE_OK);
}

static int
form_hex(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);

	return (-1);
}

/*
 * Names are compared byte for byte and quoted in error messages, so they
 * are kept to a plain, printable alphabet.
 */
static int
form_name_ok(const char *name)
{
	size_t	i;

	for (i = 0; name[i] != '\0'; i++) {
		if (i == FORM_NAME_MAX)
			return (0);
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9') ||
		    name[i] == '_' || name[i] == '-' || name[i] == '.'))
			return (0);
	}

	return (i > 0);
}

/* Parameters after the media type: "; charset=utf-8" and the like. */
static int
form_charset_ok(const char *p)
{
	const char	*v;
	size_t		 n;

	while (*p != '\0') {
		while (*p == ';' || *p == ' ' || *p == '\t')
			p++;
		n = strcspn(p, ";");
		if (n >= 8 && strncasecmp(p, "charset=", 8) == 0) {
			v = p + 8;
			n -= 8;
			while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
				n--;
			if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
				v++;
				n -= 2;
			}
			if (n != 5 || strncasecmp(v, "utf-8", 5) != 0)
				return (0);
		}
		p += n;
	}

	return (1);
}
