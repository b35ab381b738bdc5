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

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "limits.h"
#include "mem.h"
#include "redact.h"

/* Shorter values would redact ordinary words. */
#define REDACT_MIN	8
#define REDACT_MAX	(TOKEN_CACHE_MAX * 4 + TOKEN_CLIENTS_MAX)

static char	*redact_list[REDACT_MAX];
static size_t	 redact_n;

static size_t	redact_jwt_len(const char *, size_t);

void
redact_add(const char *s)
{
	size_t	i;

	if (s == NULL || strlen(s) < REDACT_MIN)
		return;
	for (i = 0; i < redact_n; i++) {
		if (strcmp(redact_list[i], s) == 0)
			return;
	}
	if (redact_n == REDACT_MAX) {
		/* Oldest out: JWTs are caught by shape anyway. */
		xfree_secret(redact_list[0]);
		memmove(redact_list, redact_list + 1,
		    (REDACT_MAX - 1) * sizeof(*redact_list));
		redact_n--;
	}
	redact_list[redact_n++] = xstrdup(s);
}

void
redact_clear(void)
{
	size_t	i;

	for (i = 0; i < redact_n; i++)
		xfree_secret(redact_list[i]);
	redact_n = 0;
}

static int
redact_b64c(int c)
{
	return (isalnum(c) || c == '-' || c == '_');
}

/* Length of a JWS/JWT at s ("eyJ" header "." payload "." signature). */
static size_t
redact_jwt_len(const char *s, size_t len)
{
	size_t	i, dots;

	if (len < 3 || memcmp(s, "eyJ", 3) != 0)
		return (0);
	for (i = 3, dots = 0; i < len; i++) {
		if (s[i] == '.') {
			if (++dots > 4)
				break;
		} else if (!redact_b64c((unsigned char)s[i])) {
			break;
		}
	}
	return (dots >= 2 ? i : 0);
}

void
redact_append(struct buf *out, const char *s, size_t len)
{
	size_t	i, j, n;

	for (i = 0; i < len; ) {
		if ((n = redact_jwt_len(s + i, len - i)) > 0) {
			buf_appends(out, "<redacted>");
			i += n;
			continue;
		}
		for (j = 0; j < redact_n; j++) {
			n = strlen(redact_list[j]);
			if (n <= len - i && memcmp(s + i, redact_list[j], n) == 0)
				break;
		}
		if (j < redact_n) {
			buf_appends(out, "<redacted>");
			i += n;
			continue;
		}
		buf_appendc(out, s[i++]);
	}
}

/*
 * Show at most max bytes of s: redacted first, then cut, so a token the
 * cut would split is still recognised and hidden whole.
 */
void
redact_show(struct buf *out, const char *s, size_t len, size_t max)
{
	struct buf	tmp;

	buf_init(&tmp);
	redact_append(&tmp, s, len);
	buf_append_trunc(out, buf_str(&tmp), tmp.len, max);
	buf_free_secret(&tmp);
}

/*
 * A request head (header lines): Authorization keeps its scheme only,
 * "Authorization: Bearer <redacted>"; everything else goes through
 * redact_append.
 */
void
redact_head(struct buf *out, const char *s, size_t len)
{
	const char	*line, *end, *eol, *v;
	size_t		 n;

	end = s + len;
	for (line = s; line < end; line = eol) {
		for (eol = line; eol < end && *eol != '\n'; eol++)
			;
		if (eol < end)
			eol++;
		n = (size_t)(eol - line);
		if (n > 14 && strncasecmp(line, "authorization:", 14) == 0) {
			v = line + 14;
			while (v < eol && *v == ' ')
				v++;
			buf_appends(out, "Authorization: ");
			while (v < eol && !isspace((unsigned char)*v))
				buf_appendc(out, *v++);
			buf_appends(out, " <redacted>\n");
			continue;
		}
		redact_append(out, line, n);
	}
}
