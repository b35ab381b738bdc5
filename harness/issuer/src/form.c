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
 * Form bodies and Basic credentials. Both decode into fixed buffers and
 * refuse what a well-behaved client never sends (repeated parameters,
 * RFC 6749 section 3.2; bad escapes; NUL bytes), so the token endpoint
 * only ever sees clean C strings.
 */

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "b64.h"
#include "form.h"

static int	form_decode(const char *, size_t, char *, size_t *);
static int	form_hex(char);

enum form_status
form_parse(struct form *f, const char *body, size_t len)
{
	const char	*p, *end, *amp, *eq;
	char		*out;
	size_t		 n, i;

	memset(f, 0, sizeof(*f));
	if (len > ISSUER_BODY_MAX)
		return (FORM_TOO_BIG);

	out = f->buf;
	for (p = body, end = body + len; p < end; p = amp + 1) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp == p)
			continue;		/* "a=1&&b=2": empty pair */
		if (f->n == FORM_FIELDS_MAX)
			return (FORM_TOO_BIG);

		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		if (eq == p)
			return (FORM_MALFORMED);

		/*
		 * Decoding never grows a string; each field adds at most
		 * its two NULs less the '=' and '&' it used: see form.h.
		 */
		if (form_decode(p, (size_t)(eq - p), out, &n) == -1)
			return (FORM_MALFORMED);
		f->fields[f->n].name = out;
		out += n + 1;
		if (eq == amp) {
			*out = '\0';
			n = 0;
		} else if (form_decode(eq + 1, (size_t)(amp - eq - 1), out,
		    &n) == -1) {
			return (FORM_MALFORMED);
		}
		f->fields[f->n].value = out;
		out += n + 1;

		for (i = 0; i < f->n; i++) {
			if (strcmp(f->fields[i].name,
			    f->fields[f->n].name) == 0)
				return (FORM_DUPLICATE);
		}
		f->n++;
		if (amp == end)
			break;
	}

	return (FORM_OK);
}

const char *
form_get(const struct form *f, const char *name)
{
	size_t		i;

	for (i = 0; i < f->n; i++) {
		if (strcmp(f->fields[i].name, name) == 0)
			return (f->fields[i].value);
	}
	return (NULL);
}

void
form_clear(struct form *f)
{
	explicit_bzero(f, sizeof(*f));
}

/* Content-Type application/x-www-form-urlencoded, parameters allowed. */
int
form_is_urlencoded(const char *ctype)
{
	static const char	want[] = "application/x-www-form-urlencoded";
	size_t			n;

	if (ctype == NULL)
		return (0);
	while (*ctype == ' ' || *ctype == '\t')
		ctype++;
	n = sizeof(want) - 1;
	if (strncasecmp(ctype, want, n) != 0)
		return (0);
	ctype += n;
	while (*ctype == ' ' || *ctype == '\t')
		ctype++;
	return (*ctype == '\0' || *ctype == ';');
}

/*
 * "Basic base64(urlencode(id) ':' urlencode(secret))" from an
 * Authorization header value. Another scheme is not ours to judge.
 */
enum basic_status
form_basic(const char *authz, char *id, size_t idlen, char *secret,
    size_t secretlen)
{
	char		raw[2 * FORM_CRED_MAX + 2], *colon;
	size_t		len, n;
	enum basic_status ret;

	if (authz == NULL || strncasecmp(authz, "Basic", 5) != 0 ||
	    (authz[5] != ' ' && authz[5] != '\t' && authz[5] != '\0'))
		return (BASIC_NONE);
	authz += 5;
	while (*authz == ' ' || *authz == '\t')
		authz++;

	ret = BASIC_MALFORMED;
	len = strlen(authz);
	while (len > 0 && (authz[len - 1] == ' ' || authz[len - 1] == '\t'))
		len--;
	if (b64_decode(B64_STD, authz, len, raw, sizeof(raw) - 1, &n) == -1)
		goto out;
	raw[n] = '\0';
	if (strlen(raw) != n || (colon = strchr(raw, ':')) == NULL)
		goto out;
	*colon = '\0';

	if (strlen(raw) >= idlen || strlen(colon + 1) >= secretlen ||
	    form_decode(raw, strlen(raw), id, &n) == -1 || n == 0 ||
	    form_decode(colon + 1, strlen(colon + 1), secret, &n) == -1)
		goto out;
	ret = BASIC_OK;
out:
	explicit_bzero(raw, sizeof(raw));
	if (ret != BASIC_OK) {
		explicit_bzero(id, idlen);
		explicit_bzero(secret, secretlen);
	}
	return (ret);
}

/* Percent-decode len bytes of in ("+" is a space); NUL-terminates out. */
static int
form_decode(const char *in, size_t len, char *out, size_t *outn)
{
	size_t		i, o;
	int		hi, lo;

	for (i = 0, o = 0; i < len; i++) {
		if (in[i] == '%') {
			if (len - i < 3)
				return (-1);
			if ((hi = form_hex(in[i + 1])) == -1 ||
			    (lo = form_hex(in[i + 2])) == -1 ||
			    (hi == 0 && lo == 0))
				return (-1);
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (in[i] == '+') {
			out[o++] = ' ';
		} else if (in[i] == '\0') {
			return (-1);
		} else {
			out[o++] = in[i];
		}
	}
	out[o] = '\0';
	*outn = o;
	return (0);
}

static int
form_hex(char c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}
